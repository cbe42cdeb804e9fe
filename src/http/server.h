// HttpServer: an HTTP/1.1 server on Boost.Beast with one coroutine session per connection.
//
// - keep-alive, one request at a time per connection (pipelined requests are read and answered
//   in order);
// - limits answered with a JSON 4xx (Response::error): header bytes (431), body bytes (413),
//   bad request line or headers (400), a request that takes too long to arrive (408);
// - start() binds and listens (port 0 picks a free one; port() tells which);
// - pause_accepting() closes the listening socket and every idle keep-alive connection, so new
//   connections are refused; a connection in the middle of a request gets its answer (with
//   Connection: close) and is then closed; resume_accepting() listens again on the same port;
// - stop() is graceful: stops accepting, lets in-flight requests finish (up to shutdown_grace,
//   after which their connections are closed), closes idle connections. It returns at once
//   (it never waits for the grace period) and is idempotent. Every member is thread-safe:
//   callable from any thread, including a handler's.
//
// Connections: at most max_connections are served at once. At the cap, the server holds the next
// newcomer unserved, closes the connection that has waited longest for a request (silent,
// slowloris or idle keep-alive) and serves the newcomer once it has gone; when every connection is
// busy in a handler, the newcomer waits until one is free, and those after it in the listen
// backlog (see ServerState::make_room_for_newcomer in connection_listener.cc for why). Besides, a
// connection that sends no request is closed after request_timeout (new) or idle_timeout
// (keep-alive), and a request that trickles in is answered 408 after request_timeout.
//
// Timeouts: a new connection has request_timeout to send its first byte, a keep-alive one
// idle_timeout; either expiring closes it silently. From its first byte a request has
// request_timeout to arrive whole, else it is answered 408 and the connection is closed.
// A target with a malformed percent-escape is answered 400 bad_encoding before routing.
// A handler that throws is answered 500 internal_error; the server keeps serving.
// Handlers of one connection run one at a time, on that connection's strand; connections run in
// parallel. The io_context must outlive the server (run its threads until after the server is
// destroyed).
//
// Threads: by default every connection lives on `io`, on a strand of its own. Given
// `connection_contexts` (e.g. IoThreads::contexts() of a context-per-thread IoThreads), the
// server accepts on `io` and hands each connection to the next of them in turn; each must be run
// by exactly one thread, so that a connection never changes threads and needs no strand (the
// cheaper path: no lock and no wake-up of another thread per step). The same lifetime rule holds
// for each.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gt3/result.h"
#include "http/router.h"

namespace boost::asio {
class io_context;
}

namespace gt3::http {

// An answer the server made itself, instead of a handler: a request over a limit (408, 413,
// 431), one that is not valid HTTP or has a malformed target (400), or one whose handler threw
// (500). The views live only during the call; method and target are empty when the request line
// was not read (a 408 before it, a malformed line, a 400 for a malformed target).
struct ServerAnswer {
  int status = 0;
  std::string_view peer;
  std::string_view method;
  std::string_view target;
  std::chrono::nanoseconds took{};  // from the request's first byte to the answer
};

struct ServerOptions {
  // "ip:port", "[ipv6]:port", "localhost:port", or ":port" / "*:port" for every address
  // (dual-stack). Port 0 picks a free port.
  std::string listen = "127.0.0.1:0";
  std::size_t max_header_bytes = 8 * 1024;
  std::size_t max_body_bytes = 64 * 1024;
  std::chrono::milliseconds request_timeout{10'000};  // to receive one whole request
  std::chrono::milliseconds idle_timeout{60'000};     // keep-alive connection without a request
  std::chrono::milliseconds shutdown_grace{5'000};    // stop(): in-flight requests may finish
  // Open connections at most (idle and busy); at least 1. Each costs a descriptor, so keep it
  // below the process's RLIMIT_NOFILE (serve checks; see service/fd_limit.h).
  std::size_t max_connections = 10'000;
  std::string server_name = "gt3-bypass";
  // Told every ServerAnswer before it is written (the router's own 404/405 are handlers: see
  // Router::wrap_own_answers). Runs on the connection's strand: it must be thread-safe, cheap and
  // must not throw. Empty: nothing is told. Only these rare answers pay for it.
  std::function<void(const ServerAnswer&)> on_server_answer;
};

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, ServerOptions options, Router router,
             std::vector<boost::asio::io_context*> connection_contexts = {});
  ~HttpServer();  // stop()s

  Result<void> start();  // Error detail names the address when it cannot bind
  std::uint16_t port() const;
  void pause_accepting();
  Result<void> resume_accepting();  // Error when the port cannot be bound again
  void stop();

  // Connections currently open (idle or busy).
  std::size_t connection_count() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace gt3::http
