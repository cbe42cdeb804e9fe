// The bytes AsioHttpClient sends before a request's body: request line and headers, written into
// a buffer the connection reuses, then sent with the body in one gather write. Beast still parses
// every answer; this side is ours because Beast's message and serializer allocate a field list
// and a buffer sequence per call (bench/RESULTS.md, the online profile of issue 15).
// fuzz/request_head_fuzz.cc holds it to Beast's request parser: whatever it writes parses back
// to the same method, target and fields.
//
// A pure function. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "gt3/http_client.h"

namespace gt3::http {

// Where the request goes, as the URL said it (http/url_target.h).
struct RequestLine {
  std::string_view target;       // path and query
  std::string_view host_header;  // the Host field
  std::string_view user_agent;
};

// Replaces `out` with the head of `request`: "GET" or "POST", the target and HTTP/1.1; Host,
// User-Agent, Content-Type (a POST's, when set) and Content-Length (a POST's, its body's size),
// then the request's extra headers in order. False, with `out` unspecified, when the request
// cannot be sent as it is: a target that is empty or holds a space or a control character, an
// extra header that is not an RFC 9110 token or that the client writes itself (Host,
// User-Agent, Content-Type, Content-Length, Transfer-Encoding, Connection), or a value (Host,
// User-Agent and Content-Type included) holding a control character other than a tab.
bool write_request_head(std::string& out, const HttpRequest& request, const RequestLine& line);

// The User-Agent of this library's client: "cpp-gt3-bypass/<version>".
std::string_view client_user_agent();

}  // namespace gt3::http
