// The insides of HttpServer, shared by its three parts and by nothing else (not installed):
//   server.cc               the public face: start, pause, resume, stop
//   connection_listener.cc  ServerState: the listening socket, the accept loop and the
//                           connection cap (max_connections, eviction of the longest waiting)
//   session.cc              Session: one connection, its requests, deadlines and answers
// as Beast's advanced server splits listener and session. The aliases below are for those files.
#pragma once

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/server.h"

namespace gt3::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using boost::system::error_code;

inline constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

struct Session;

// The server behind HttpServer, shared with its sessions and pending operations.
struct ServerState : std::enable_shared_from_this<ServerState> {
  ServerState(asio::io_context& io_context, ServerOptions server_options, Router server_router)
      : io(io_context),
        options(std::move(server_options)),
        router(std::move(server_router)),
        slot_freed(io_context) {}

  asio::io_context& io;
  const ServerOptions options;
  const Router router;

  // Set by pause_accepting() and stop(): answers say Connection: close, even those of handlers
  // that were running when it was set.
  std::atomic<bool> draining{false};

  std::mutex mutex;  // guards everything below; every call on an acceptor is made under it
  std::shared_ptr<tcp::acceptor> acceptor;  // null while not listening
  tcp::endpoint endpoint;                   // its port is fixed by the first start()
  bool started = false;
  bool paused = false;
  bool stopped = false;
  std::uint64_t next_session_id = 0;
  std::unordered_map<std::uint64_t, std::weak_ptr<Session>> sessions;
  // The accept loop waits on it while max_connections are open; cancelled when one closes.
  asio::steady_timer slot_freed;
  // Set when the accept loop, at the cap with a newcomer pending, found no connection waiting for
  // a request to close; read without the mutex on each request's start.
  std::atomic<bool> want_room{false};

  Result<void> listen_locked();
  bool has_slot_locked() const {
    return sessions.size() < std::max<std::size_t>(1, options.max_connections);
  }
  asio::awaitable<bool> wait_for_slot(const std::shared_ptr<tcp::acceptor>& listening);
  bool evict_oldest_waiting_locked();  // false when no connection is waiting for a request
  // A connection started waiting for a request: if the accept loop found none to close, it
  // looks again.
  void make_room();
  void wake_accept_loop();  // it looks again for a slot or a connection to close
  void close_acceptor_locked();
  std::vector<std::shared_ptr<Session>> live_sessions_locked();
  asio::awaitable<void> accept_loop(std::shared_ptr<tcp::acceptor> listening);
  void start_session(tcp::socket socket);
  void forget(std::uint64_t id);
};

// One connection: a coroutine on its own strand, so that everything below is touched only on
// that strand (the close requests of pause_accepting() and stop() are posted to it).
struct Session : std::enable_shared_from_this<Session> {
  Session(std::shared_ptr<ServerState> owner, tcp::socket socket, std::uint64_t session_id);

  std::shared_ptr<ServerState> server;
  const std::uint64_t id;
  const std::string peer;
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  asio::steady_timer read_timer;
  std::uint64_t read_generation = 0;
  bool reading = false;
  bool read_timed_out = false;
  bool idle = false;  // waiting for the first byte of a request
  // Waiting for a request or for the rest of one (not in a handler, not writing): what the
  // server may close to make room at max_connections. Written on the strand, read by the accept
  // loop.
  std::atomic<bool> awaiting_request{false};
  std::atomic<bool> evicted{false};  // chosen by the accept loop to make room
  bool writing = false;              // an answer is being written
  bool close_after_write = false;    // evicted while writing: close once the answer is out
  bool closing = false;              // pause or stop: answer what is in flight, then close

  tcp::socket& socket() { return stream.socket(); }

  // Reads are bounded by a timer of our own rather than tcp_stream's, which closes the socket
  // on expiry and so would leave no way to answer 408.
  void arm_read_deadline(std::chrono::milliseconds timeout) {
    reading = true;
    read_timed_out = false;
    read_timer.expires_after(timeout);
    read_timer.async_wait(
        [self = shared_from_this(), generation = ++read_generation](error_code ec) {
          if (ec || !self->reading || generation != self->read_generation) return;
          self->read_timed_out = true;
          error_code ignored;
          self->socket().cancel(ignored);
        });
  }

  void disarm_read_deadline() {
    reading = false;
    read_timer.cancel();
  }

  void close_now() {
    error_code ignored;
    socket().shutdown(tcp::socket::shutdown_both, ignored);
    socket().close(ignored);
  }

  // On the strand, to make room at max_connections: closed if still waiting for a request.
  void evict() {
    if (awaiting_request && writing) {
      close_after_write = true;  // its answer goes out first
      return;
    }
    if (awaiting_request) {
      close_now();
      return;
    }
    evicted = false;  // busy again since it was chosen: the accept loop chooses another
    server->wake_accept_loop();
  }

  // On the strand: an idle connection is closed now, a busy one after its answer.
  void close_when_idle() {
    closing = true;
    if (idle) close_now();
  }

  asio::awaitable<void> run();  // serves the connection, then closes it and tells the server

  asio::awaitable<void> serve();

  asio::awaitable<Response> call_handler(const Request& request,
                                         std::chrono::steady_clock::time_point started);

  // Tells ServerOptions::on_server_answer, when set, of an answer of the server's own.
  void tell_server_answer(int status, std::string_view method, std::string_view target,
                          std::chrono::steady_clock::time_point started) const;

  // True when the whole answer was written.
  asio::awaitable<bool> write(Response response, unsigned version, bool keep_alive, bool head);

  // After an error answer: stop sending, then drain what the client still sends for a moment.
  asio::awaitable<void> linger();
};

}  // namespace gt3::http
