// ConnectionTakeover: the server's one extension point for answers no HTTP server would send,
// the hook of fault injection (the cloud simulator's faults, src/cloudsim/faulty_answers.h).
// Route handlers of the product never use it: they answer with the plain data of Response.
//
//   take_over_connection(writer)  the server writes nothing of its own: it runs `writer` on the
//                                 connection's socket (truncated, reset, trickled or endless
//                                 bytes), then closes the connection unless `writer` did.
//   close_without_answer()        no byte at all, the connection closes: what a peer sees of a
//                                 server that crashed mid-request.
//
// Ownership: the Response holds the takeover as a shared_ptr to const, null for every normal
//   answer; copies of the answer share it, and the writer's captures live as long as the last.
// Threads: the writer runs as a coroutine on the connection's strand; nothing else touches the
//   socket until it ends. Copies of one answer share one writer: it reads its captures, never
//   consumes them.
// Failures: the writer's own; it should end at the first failed write (the client went away).
//   An exception escaping it closes the connection (the session catches everything).
// Timing: no deadline of the server applies to the writer; HttpServer::stop() closes the socket
//   after the shutdown grace, which ends its writes.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <utility>

#include "http/response.h"

namespace gt3::http {

class ConnectionTakeover {
 public:
  using Writer = std::function<boost::asio::awaitable<void>(boost::asio::ip::tcp::socket& socket)>;

  // An empty `writer` writes nothing: close_without_answer().
  explicit ConnectionTakeover(Writer writer) : writer_(std::move(writer)) {}

  boost::asio::awaitable<void> run(boost::asio::ip::tcp::socket& socket) const;

 private:
  Writer writer_;
};

// An answer whose bytes `writer` writes itself.
Response take_over_connection(ConnectionTakeover::Writer writer);

// An answer that is no answer: the server closes the connection without writing.
Response close_without_answer();

}  // namespace gt3::http
