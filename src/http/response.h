// Response: what a route handler answers. Plain data, copyable, no I/O; the server adds Date,
// Server, Content-Length and Connection. Built and read on one thread at a time; the factories
// below do not fail (error() replaces invalid UTF-8 rather than throw).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gt3/result.h"

namespace gt3::http {

inline constexpr std::string_view kJsonContentType = "application/json;charset=UTF-8";

class ConnectionTakeover;  // http/connection_takeover.h: fault injection only

struct Response {
  int status = 200;
  // A view, not a copy, so that an answer costs no allocation for it: it must refer to static
  // storage (a literal or a constant such as kJsonContentType), as every content type is.
  std::string_view content_type{kJsonContentType};
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  // Null for every normal answer, so that one costs nothing more. Set only by the fault
  // injection hook (http/connection_takeover.h): the server then writes no answer of its own.
  std::shared_ptr<const ConnectionTakeover> takeover;
  // "Cache-Control: no-store", written by the server (no_store() sets it): a flag rather than a
  // header, since nearly every answer carries it and a header costs a vector and its check.
  bool uncacheable = false;

  static Response json(int status, std::string body);

  // Marks the answer "Cache-Control: no-store" (`uncacheable`): it is about this moment and
  // must not be kept by a browser or a proxy. On a temporary it returns the moved answer, so
  // that `co_return Response::json(200, body).no_store();` copies nothing.
  Response& no_store() &;
  Response no_store() &&;

  // A 4xx/5xx with a JSON body {"error": "<code>", "message": "<sentence>"}: what every bad
  // input gets (docs/design.md section 5). `code` is a stable snake_case name.
  static Response error(int status, std::string_view code, std::string_view message);

  // A 400 for bad client input: {"error": reason_name(error.reason), "message": detail and
  // reason_message}. What a handler answers when Request::form() or Params::unique() fails.
  static Response bad_request(const Error& error);
};

}  // namespace gt3::http
