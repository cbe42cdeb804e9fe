// HttpServer: an HTTP/1.1 server on Boost.Beast with one coroutine session per connection.
//
// - keep-alive, one request at a time per connection (pipelined requests are read and answered
//   in order);
// - limits answered with a JSON 4xx (Response::error): header bytes (431), body bytes (413),
//   bad request line or headers (400), a request that takes too long to arrive (408);
// - start() binds and listens (port 0 picks a free one; port() tells which);
// - pause_accepting() closes the listening socket and every idle keep-alive connection, so new
//   connections are refused; resume_accepting() listens again on the same port;
// - stop() is graceful: stops accepting, lets in-flight requests finish (up to a deadline),
//   closes idle connections. Thread-safe: callable from any thread, including a handler's.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "gt3/result.h"
#include "http/router.h"

namespace boost::asio {
class io_context;
}

namespace gt3::http {

struct ServerOptions {
  std::string listen = "127.0.0.1:0";  // "host:port", "[::1]:port"
  std::size_t max_header_bytes = 8 * 1024;
  std::size_t max_body_bytes = 64 * 1024;
  std::chrono::milliseconds request_timeout{10'000};  // to receive one whole request
  std::chrono::milliseconds idle_timeout{60'000};     // keep-alive connection without a request
  std::chrono::milliseconds shutdown_grace{5'000};    // stop(): in-flight requests may finish
  std::string server_name = "gt3-bypass";
};

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, ServerOptions options, Router router);
  ~HttpServer();  // stop()s

  Result<void> start();  // Error detail names the address when it cannot bind
  std::uint16_t port() const;
  void pause_accepting();
  void resume_accepting();
  void stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace gt3::http
