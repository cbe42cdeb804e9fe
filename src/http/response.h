// Response: what a route handler answers. Plain data; the server adds Date, Server,
// Content-Length and Connection.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gt3/result.h"

namespace gt3::http {

inline constexpr std::string_view kJsonContentType = "application/json;charset=UTF-8";

struct Response {
  int status = 200;
  std::string content_type{kJsonContentType};
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  bool drop_connection = false;  // close the connection without answering (see drop())

  // Writes raw bytes on the connection instead of an answer (see take_over()).
  using RawWriter =
      std::function<boost::asio::awaitable<void>(boost::asio::ip::tcp::socket& socket)>;
  RawWriter raw_writer;

  static Response json(int status, std::string body);

  // Adds "Cache-Control: no-store" (once): the answer is about this moment and must not be
  // kept by a browser or a proxy. On a temporary it returns the moved answer, so that
  // `co_return Response::json(200, body).no_store();` copies nothing.
  Response& no_store() &;
  Response no_store() &&;

  // A 4xx/5xx with a JSON body {"error": "<code>", "message": "<sentence>"}: what every bad
  // input gets (docs/design.md section 5). `code` is a stable snake_case name.
  static Response error(int status, std::string_view code, std::string_view message);

  // A 400 for bad client input: {"error": reason_name(error.reason), "message": detail and
  // reason_message}. What a handler answers when Request::form() or Params::unique() fails.
  static Response bad_request(const Error& error);

  // No answer at all: the server closes the connection. What a peer sees of a server that
  // crashed mid-request; the cloud simulator's faults use it.
  static Response drop();

  // The server writes nothing of its own: it runs `writer` on the connection's socket, then
  // closes the connection (unless `writer` did). For answers no HTTP server would send, as the
  // cloud simulator's faults (a truncated, trickled or endless answer). `writer` runs on the
  // connection's strand; stop() closes its socket after the grace period, which ends its writes.
  static Response take_over(RawWriter writer);
};

}  // namespace gt3::http
