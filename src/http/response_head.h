// The bytes the server sends before an answer's body: status line and headers, serialized into a
// buffer the connection reuses, so that a steady keep-alive connection allocates nothing to
// answer. Beast still parses every request; this side is ours because Beast's message and
// serializer allocate a field list and a buffer sequence per answer (bench/RESULTS.md,
// 2026-12-02 profile). fuzz/response_head_fuzz.cc holds it to Beast's parser: whatever it writes
// parses back to the same status and fields.
//
// Pure functions but http_date_now(), which keeps one cached date per thread. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "http/response.h"

namespace gt3::http {

// What the server adds to a handler's answer.
struct HeadFields {
  unsigned version = 11;  // the request's: 10 for HTTP/1.0, else 11
  bool keep_alive = true;
  std::string_view server_name;
  std::string_view date;  // IMF-fixdate, e.g. http_date_now()
};

// Replaces `out` with the head of `response`: the status line, Server, Date, Content-Type (when
// set), the handler's extra headers in order, Content-Length (the body's size; none for 1xx and
// 204) and Connection. False, with `out` unspecified, when the answer cannot be sent as it is:
// a status outside 100-999, a body on a 1xx, 204 or 304, an extra header that is not an RFC 9110
// token or that the server writes itself (Content-Length, Transfer-Encoding, Connection, Date,
// Server, Content-Type), or a value (server name and content type included) holding a control
// character other than a tab. The caller then sends a 500 of its own.
bool write_response_head(std::string& out, const Response& response, const HeadFields& fields);

// The current time as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), formatted at most once a
// second per thread. The view is valid until the calling thread's next call.
std::string_view http_date_now();

}  // namespace gt3::http
