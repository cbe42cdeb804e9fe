// Request: what a route handler sees of one HTTP request, already parsed and bounded by the
// server's limits. Plain data without Beast types, so handlers compile fast.
//
// Decoding errors: a target whose path or query has a malformed percent-escape never reaches a
// handler (the server answers 400 {"error": "bad_encoding", ...}). The body is decoded on demand
// by the handler through form(), which returns the Error for the handler to answer with
// Response::bad_request(error).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/params.h"

namespace gt3::http {

enum class Method { kGet, kHead, kPost, kPut, kDelete, kOptions, kPatch, kOther };

std::string_view method_name(Method method);

struct Request {
  Method method = Method::kGet;
  std::string target;  // as sent: path and query, still encoded
  std::string path;    // decoded path, without the query
  Params query;        // decoded query ('+' is a space, as browsers send forms with GET)
  std::vector<std::pair<std::string, std::string>> headers;  // as sent, in order
  std::string body;
  std::string peer_address;  // IP address of the TCP peer, e.g. "127.0.0.1" or "::1"

  // The first header of that name (case-insensitive), or "" when absent. For a field that may be
  // sent on several lines (a list such as X-Forwarded-For), use header_list().
  std::string_view header(std::string_view name) const;

  // Every line of that field (case-insensitive) combined as RFC 9110 section 5.3 says: the values
  // in the order received, joined with ", "; "" when absent. A proxy that appends its own line
  // instead of extending the client's makes two lines, and the second is the one to believe.
  std::string header_list(std::string_view name) const;

  // Content-Type without parameters, lower-cased: "application/x-www-form-urlencoded".
  std::string content_type() const;

  // Whether the body is a form: a Content-Type of application/x-www-form-urlencoded (any case,
  // any parameters), or none. Reads the field where it is, without a copy.
  bool body_is_form() const;

  // The body decoded as application/x-www-form-urlencoded ('+' is a space) when the Content-Type
  // says so or is absent; empty Params for any other Content-Type. A malformed percent-escape is
  // an Error (Reason::kBadEncoding) naming the pair.
  Result<Params> form() const;
};

}  // namespace gt3::http
