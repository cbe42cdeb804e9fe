// The insides of HttpServer, shared by its three parts and by nothing else (not installed):
//   server.cc               the public face: start, pause, resume, stop
//   connection_listener.cc  ServerState: the listening socket, the accept loop and the
//                           connection cap (max_connections, eviction of the longest waiting)
//   session.cc              Session: one connection, its requests, deadlines and answers
// as Beast's advanced server splits listener and session. The aliases below are for those files.
#pragma once

#include <array>
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <chrono>
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
  ServerState(asio::io_context& io_context, ServerOptions server_options, Router server_router,
              std::vector<asio::io_context*> contexts)
      : io(io_context),
        options(std::move(server_options)),
        router(std::move(server_router)),
        connection_contexts(std::move(contexts)),
        slot_freed(io_context) {}

  asio::io_context& io;
  const ServerOptions options;
  const Router router;
  // Each run by one thread: connections go to them in turn, without strands. Empty: every
  // connection on `io`, on a strand of its own.
  const std::vector<asio::io_context*> connection_contexts;
  std::size_t next_context = 0;  // the accept loop's alone

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
  // Set when the accept loop, at the cap with a newcomer held, found no connection waiting for a
  // request to close; read without the mutex on each request's start.
  std::atomic<bool> want_room{false};
  // Set by make_room() and wake_accept_loop(): the accept loop is to look again. Its wait, begun
  // after the cancel that was meant for it, then ends at once instead of missing it.
  bool look_again = false;

  Result<void> listen_locked();
  bool has_slot_locked() const {
    return sessions.size() < std::max<std::size_t>(1, options.max_connections);
  }
  asio::awaitable<bool> make_room_for_newcomer(const std::shared_ptr<tcp::acceptor>& listening);
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

// One connection: a coroutine on its own strand, or alone on a context run by one thread, so that
// everything below is touched by one thread at a time (the close requests of pause_accepting()
// and stop() are posted to its executor).
struct Session : std::enable_shared_from_this<Session> {
  using Clock = std::chrono::steady_clock;

  Session(std::shared_ptr<ServerState> owner, tcp::socket connection, std::uint64_t session_id);

  std::shared_ptr<ServerState> server;
  const std::uint64_t id;
  const std::string peer;
  tcp::socket socket;
  beast::flat_buffer buffer;
  Request request;   // the one being answered, reused from request to request (RequestReader)
  std::string head;  // the answer's status line and headers, reused from answer to answer
  // Waiting for a request or for the rest of one (not in a handler, not writing): what the
  // server may close to make room at max_connections. Written on the strand, read by the accept
  // loop.
  std::atomic<bool> awaiting_request{false};
  std::atomic<bool> evicted{false};  // chosen by the accept loop to make room
  bool idle = false;                 // waiting for the first byte of a request
  bool writing = false;              // an answer is being written
  bool close_after_write = false;    // evicted while writing: close once the answer is out
  bool closing = false;              // pause or stop: answer what is in flight, then close

  // The deadline of what the connection waits on (a read or a write); max while it waits on
  // nothing. One timer enforces it lazily: moving the deadline later costs a store, and a timer
  // that fires early sleeps again until the current deadline, so that a busy keep-alive
  // connection touches the timer about once per request_timeout rather than twice per request.
  // Expiry cancels the socket's operation (again every kCancelAgain until it has ended) and sets
  // timed_out, so that a read can be told apart and answered 408; a timer of our own rather than
  // tcp_stream's, which closes the socket.
  asio::steady_timer deadline_timer;
  Clock::time_point deadline = Clock::time_point::max();
  std::uint64_t timer_generation = 0;
  bool timer_pending = false;
  bool timed_out = false;

  asio::any_io_executor executor() { return socket.get_executor(); }

  void set_deadline(Clock::time_point at) {
    timed_out = false;
    deadline = at;
    // A pending wait that fires in time sleeps again until `at`.
    if (timer_pending && deadline_timer.expiry() <= at) return;
    start_timer(at);
  }

  void clear_deadline() { deadline = Clock::time_point::max(); }

  void start_timer(Clock::time_point at) {
    timer_pending = true;
    deadline_timer.expires_at(at);  // a pending wait ends with operation_aborted, superseded
    deadline_timer.async_wait([self = shared_from_this(), generation = ++timer_generation](
                                  error_code ec) { self->on_timer(ec, generation); });
  }

  static constexpr std::chrono::milliseconds kCancelAgain{5};

  void on_timer(error_code ec, std::uint64_t generation) {
    if (generation != timer_generation) return;  // superseded by an earlier expiry
    timer_pending = false;
    if (ec || deadline == Clock::time_point::max()) return;  // stopped, or nothing to bound
    if (Clock::now() < deadline) {
      start_timer(deadline);
      return;
    }
    // Past the deadline: end what the connection waits on. A composed read (Beast's) may be
    // between two reads of its own, where cancel() finds nothing to stop and the next read would
    // wait on; so the timer cancels again shortly, until the operation ends and clears the
    // deadline (a fast trickle of bytes otherwise outlived request_timeout).
    timed_out = true;
    error_code ignored;
    socket.cancel(ignored);
    start_timer(Clock::now() + kCancelAgain);
  }

  void stop_timer() {
    clear_deadline();
    deadline_timer.cancel();
  }

  void close_now() {
    error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
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

  // Serves the connection, then closes it and tells the server. The session comes as a parameter,
  // so that the coroutine owns it from its creation: spawned onto another thread's context, it
  // starts after start_session() has returned.
  static asio::awaitable<void> run(std::shared_ptr<Session> self);

  asio::awaitable<void> serve();

  // Tells ServerOptions::on_server_answer, when set, of an answer of the server's own.
  void tell_server_answer(int status, std::string_view method, std::string_view target,
                          std::chrono::steady_clock::time_point started) const;

  // Serializes the head of `response` into `head` (a 500 of the server's own when the handler's
  // answer cannot be sent as it is: response_head.h) and returns what to write: the head, and
  // the body unless the request was HEAD. False when not even that 500 can be written.
  bool prepare_answer(Response& response, unsigned version, bool keep_alive, bool head_only,
                      std::array<asio::const_buffer, 2>& out);

  // Writes them under a request_timeout deadline: co_await the result, then finish_write(),
  // true when the whole answer was written. Two halves rather than one coroutine, so that an
  // answer costs no coroutine frame of its own.
  auto start_write(const std::array<asio::const_buffer, 2>& answer) {
    set_deadline(Clock::now() + server->options.request_timeout);
    return asio::async_write(socket, answer, kTuple);
  }
  bool finish_write(error_code ec) {
    const bool in_time = !timed_out;
    clear_deadline();
    return !ec && in_time;
  }

  // After an error answer: stop sending, then drain what the client still sends for a moment.
  asio::awaitable<void> linger();
};

}  // namespace gt3::http
