#include "http/server.h"

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <ctime>
#include <mutex>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "http/request_parsing.h"

namespace gt3::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// How long, and how many bytes, a connection is drained after an error answer before it is
// closed, so that the client reads the answer instead of a reset.
constexpr std::chrono::milliseconds kLingerTime{1'000};
constexpr std::size_t kLingerBytes = 256 * 1024;

std::string http_date() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char out[64];
  const std::size_t n = std::strftime(out, sizeof out, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(out, n);
}

Result<tcp::endpoint> parse_listen(std::string_view listen) {
  const auto bad = [&](std::string_view why) {
    return Error{Reason::kNetwork,
                 "the listen address \"" + std::string(listen) + "\" " + std::string(why) +
                     "; write it as host:port, e.g. 127.0.0.1:8080 or [::1]:8080"};
  };
  std::string_view host;
  std::string_view port;
  if (listen.starts_with('[')) {
    const std::size_t close = listen.find(']');
    if (close == std::string_view::npos || listen.substr(close + 1, 1) != ":") {
      return bad("has no closing ']' followed by ':port'");
    }
    host = listen.substr(1, close - 1);
    port = listen.substr(close + 2);
  } else {
    const std::size_t colon = listen.rfind(':');
    if (colon == std::string_view::npos) return bad("has no port");
    host = listen.substr(0, colon);
    port = listen.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) return bad("needs [] around an IPv6 address");
  }
  std::uint16_t port_number = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), port_number);
  if (port.empty() || ec != std::errc{} || end != port.data() + port.size()) {
    return bad("has no valid port (0-65535)");
  }
  if (host.empty() || host == "*") return tcp::endpoint(asio::ip::address_v6::any(), port_number);
  if (host == "localhost") host = "127.0.0.1";
  error_code address_ec;
  const asio::ip::address address = asio::ip::make_address(host, address_ec);
  if (address_ec) return bad("does not start with an IP address");
  return tcp::endpoint(address, port_number);
}

std::string peer_address_of(const tcp::socket& socket) {
  error_code ec;
  asio::ip::address address = socket.remote_endpoint(ec).address();
  if (ec) return {};
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  }
  return address.to_string();
}

}  // namespace

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
  Session(std::shared_ptr<ServerState> owner, tcp::socket socket, std::uint64_t session_id)
      : server(std::move(owner)),
        id(session_id),
        peer(peer_address_of(socket)),
        stream(std::move(socket)),
        read_timer(stream.get_executor()) {}

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

  asio::awaitable<void> run() {
    auto self = shared_from_this();
    try {
      co_await serve();
    } catch (...) {
      // Nothing below throws on purpose; a bug must close one connection, not the process.
    }
    disarm_read_deadline();
    close_now();
    server->forget(id);
  }

  asio::awaitable<void> serve() {
    const ServerOptions& options = server->options;
    bool first = true;
    while (!closing) {
      awaiting_request = true;
      if (server->want_room) server->make_room();
      // Wait for the first byte of the next request, unless a pipelined one is already buffered.
      if (buffer.size() == 0) {
        idle = true;
        arm_read_deadline(first ? options.request_timeout : options.idle_timeout);
        auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), kTuple);
        disarm_read_deadline();
        idle = false;
        if (ec) co_return;  // peer gone, idle too long, pause or stop: nothing to answer
        buffer.commit(n);
      }
      first = false;

      RequestParser parser;
      limit_request_parser(parser, options.max_header_bytes, options.max_body_bytes);
      arm_read_deadline(options.request_timeout);
      auto [read_ec, read_n] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
      const bool timed_out = read_timed_out;
      disarm_read_deadline();
      if (read_ec) {
        auto answer = answer_to_read_error(read_ec, timed_out, options.max_header_bytes,
                                           options.max_body_bytes);
        if (answer && socket().is_open()) {
          if (co_await write(std::move(*answer), 11, /*keep_alive=*/false, /*head=*/false)) {
            co_await linger();
          }
        }
        co_return;
      }

      awaiting_request = false;
      BeastRequest in = parser.release();
      const unsigned version = in.version();
      const bool head = in.method() == bhttp::verb::head;
      bool keep_alive = in.keep_alive();
      auto request = to_request(std::move(in), peer);
      Response response;
      if (!request) {
        response = Response::bad_request(request.error());
      } else {
        response = co_await call_handler(*request);
      }
      if (response.drop_connection) co_return;  // the socket closes with the session
      if (response.raw_writer) {
        co_await response.raw_writer(socket());
        co_return;
      }
      // Pause or stop arrived while this request ran: answer it, then close.
      if (closing || server->draining) keep_alive = false;
      // Evictable from now on when kept alive: its next wait starts once the answer is out, and
      // a client that has read the answer must find the connection counted as waiting.
      awaiting_request = keep_alive;
      writing = true;
      const bool written = co_await write(std::move(response), version, keep_alive, head);
      writing = false;
      if (!written || !keep_alive || close_after_write) co_return;
    }
  }

  asio::awaitable<Response> call_handler(const Request& request) {
    try {
      co_return co_await server->router.route(request)(request);
    } catch (...) {
    }
    co_return Response::error(500, "internal_error",
                              "the server failed while answering this request; try again, and "
                              "report it if it keeps failing");
  }

  // True when the whole answer was written.
  asio::awaitable<bool> write(Response response, unsigned version, bool keep_alive, bool head) {
    if (response.status < 100 || response.status > 999) {
      response = Response::error(500, "internal_error", "the handler answered an invalid status");
    }
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(response.status), version};
    out.set(bhttp::field::server, server->options.server_name);
    out.set(bhttp::field::date, http_date());
    if (!response.content_type.empty()) out.set(bhttp::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) out.insert(name, value);
    out.body() = std::move(response.body);
    out.prepare_payload();
    out.set(bhttp::field::connection, keep_alive ? "keep-alive" : "close");

    stream.expires_after(server->options.request_timeout);
    error_code ec;
    if (head) {
      // The headers GET would send, Content-Length included, and no body.
      bhttp::response_serializer<bhttp::string_body> serializer{out};
      std::tie(ec, std::ignore) = co_await bhttp::async_write_header(stream, serializer, kTuple);
    } else {
      std::tie(ec, std::ignore) = co_await bhttp::async_write(stream, out, kTuple);
    }
    stream.expires_never();
    co_return !ec;
  }

  // After an error answer: stop sending, then drain what the client still sends for a moment.
  asio::awaitable<void> linger() {
    error_code ignored;
    socket().shutdown(tcp::socket::shutdown_send, ignored);
    arm_read_deadline(kLingerTime);
    std::size_t drained = 0;
    char sink[4096];
    while (drained < kLingerBytes) {
      auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), kTuple);
      if (ec) break;
      drained += n;
    }
    disarm_read_deadline();
  }
};

struct HttpServer::Impl : ServerState {
  using ServerState::ServerState;
};

Result<void> ServerState::listen_locked() {
  auto listening = std::make_shared<tcp::acceptor>(io);
  error_code ec;
  const auto fail = [&](std::string_view step) {
    return Error{Reason::kNetwork, "cannot listen on " + options.listen + " (" + std::string(step) +
                                       ": " + ec.message() +
                                       "); choose another address or free the port"};
  };
  if (listening->open(endpoint.protocol(), ec)) return fail("open");
  listening->set_option(asio::socket_base::reuse_address(true), ec);
  if (endpoint.address().is_v6() && endpoint.address().is_unspecified()) {
    listening->set_option(asio::ip::v6_only(false), ec);  // dual-stack where the system allows
  }
  if (listening->bind(endpoint, ec)) return fail("bind");
  if (listening->listen(asio::socket_base::max_listen_connections, ec)) return fail("listen");
  endpoint.port(listening->local_endpoint(ec).port());
  acceptor = listening;
  // Posted, not spawned here: co_spawn may start the loop inline on an I/O thread (when
  // resume_accepting() is called from a handler), and its first step takes this held mutex.
  asio::post(io, [self = shared_from_this(), listening = std::move(listening)]() mutable {
    asio::co_spawn(self->io, self->accept_loop(std::move(listening)), asio::detached);
  });
  return {};
}

void ServerState::close_acceptor_locked() {
  slot_freed.cancel();  // an accept loop waiting for a slot sees the acceptor closed and ends
  if (!acceptor) return;
  error_code ignored;
  acceptor->close(ignored);
  acceptor.reset();
}

std::vector<std::shared_ptr<Session>> ServerState::live_sessions_locked() {
  std::vector<std::shared_ptr<Session>> live;
  for (const auto& [id, weak] : sessions) {
    if (auto session = weak.lock()) live.push_back(std::move(session));
  }
  return live;
}

// At max_connections the loop waits until a newcomer is pending in the listen backlog, then
// closes the connection that has waited longest for a request (a silent one, a slowloris, an
// idle keep-alive one) and accepts the newcomer once it has gone; when every connection is busy
// in a handler, the newcomer waits in the backlog until one finishes or starts waiting for its
// next request. Newcomers are never accepted and closed at once: one that arrives during a burst
// is served a moment later instead of meeting an error it must retry. Evicting the oldest waiting
// connection is what keeps a flood larger than the cap from starving everyone else until
// request_timeout: a real client sends its request at once and is answered in milliseconds, so
// it is seldom the oldest waiting. False when the acceptor was closed (pause or stop).
asio::awaitable<bool> ServerState::wait_for_slot(const std::shared_ptr<tcp::acceptor>& listening) {
  // Waits are initiated under the mutex, as forget(), make_room() and close_acceptor_locked()
  // cancel them under it; `ready` says whether to complete at once instead.
  const auto wait_under_lock = [this](auto ready, auto start) {
    return asio::async_initiate<decltype(kTuple), void(error_code)>(
        [this, ready, start](auto handler) {
          std::lock_guard lock(mutex);
          if (ready()) {
            auto executor = asio::get_associated_executor(handler, io.get_executor());
            asio::post(executor, [handler = std::move(handler)]() mutable {
              std::move(handler)(error_code{});
            });
            return;
          }
          start(std::move(handler));
        },
        kTuple);
  };
  const auto done = [this, &listening] { return !listening->is_open() || has_slot_locked(); };
  for (;;) {
    {
      std::lock_guard lock(mutex);
      if (!listening->is_open()) co_return false;
      if (has_slot_locked()) co_return true;
    }
    // At the cap: nothing to do until someone is waiting to be accepted.
    co_await wait_under_lock(done, [&listening](auto handler) {
      listening->async_wait(tcp::acceptor::wait_read, std::move(handler));
    });
    {
      std::lock_guard lock(mutex);
      if (!listening->is_open()) co_return false;
      if (has_slot_locked()) co_return true;
      want_room = !evict_oldest_waiting_locked();
    }
    co_await wait_under_lock(done, [this](auto handler) {
      slot_freed.expires_at(asio::steady_timer::time_point::max());
      slot_freed.async_wait(std::move(handler));
    });
  }
}

bool ServerState::evict_oldest_waiting_locked() {
  std::shared_ptr<Session> oldest;
  for (const auto& [id, weak] : sessions) {
    if (oldest && id > oldest->id) continue;
    auto session = weak.lock();
    if (session && !session->evicted && session->awaiting_request) oldest = std::move(session);
  }
  if (!oldest) return false;
  oldest->evicted = true;
  asio::post(oldest->stream.get_executor(), [oldest] { oldest->evict(); });
  return true;
}

void ServerState::make_room() {
  std::lock_guard lock(mutex);
  if (!want_room) return;
  want_room = false;
  slot_freed.cancel();  // the accept loop looks again for a connection to close
}

void ServerState::wake_accept_loop() {
  std::lock_guard lock(mutex);
  slot_freed.cancel();
}

asio::awaitable<void> ServerState::accept_loop(std::shared_ptr<tcp::acceptor> listening) {
  auto self = shared_from_this();
  for (;;) {
    if (!co_await wait_for_slot(listening)) co_return;
    // Initiated under the mutex, as pause_accepting() and stop() close the acceptor under it.
    auto [ec, socket] =
        co_await asio::async_initiate<decltype(kTuple), void(error_code, tcp::socket)>(
            [this, &listening](auto handler) {
              std::lock_guard lock(mutex);
              listening->async_accept(asio::make_strand(io), std::move(handler));
            },
            kTuple);
    if (ec) {
      {
        std::lock_guard lock(mutex);
        if (!listening->is_open()) co_return;  // paused or stopped: a normal end
      }
      // Out of descriptors or a transient error: wait a little instead of spinning.
      asio::steady_timer backoff(io, std::chrono::milliseconds(50));
      co_await backoff.async_wait(kTuple);
      continue;
    }
    start_session(std::move(socket));
  }
}

void ServerState::start_session(tcp::socket socket) {
  std::lock_guard lock(mutex);
  if (paused || stopped) return;  // accepted just before the acceptor closed: dropped
  const std::uint64_t id = next_session_id++;
  auto session = std::make_shared<Session>(shared_from_this(), std::move(socket), id);
  sessions.emplace(id, session);
  asio::co_spawn(session->stream.get_executor(), session->run(), asio::detached);
}

void ServerState::forget(std::uint64_t id) {
  std::lock_guard lock(mutex);
  sessions.erase(id);
  if (has_slot_locked()) slot_freed.cancel();
}

HttpServer::HttpServer(boost::asio::io_context& io, ServerOptions options, Router router)
    : impl_(std::make_shared<Impl>(io, std::move(options), std::move(router))) {}

HttpServer::~HttpServer() { stop(); }

Result<void> HttpServer::start() {
  std::lock_guard lock(impl_->mutex);
  if (impl_->stopped) return Error{Reason::kCancelled, "the server was stopped; make a new one"};
  if (impl_->started) return {};
  auto endpoint = parse_listen(impl_->options.listen);
  if (!endpoint) return endpoint.error();
  impl_->endpoint = *endpoint;
  auto listening = impl_->listen_locked();
  if (listening) impl_->started = true;
  return listening;
}

std::uint16_t HttpServer::port() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->endpoint.port();
}

void HttpServer::pause_accepting() {
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(impl_->mutex);
    if (!impl_->started || impl_->paused || impl_->stopped) return;
    impl_->paused = true;
    impl_->draining = true;
    impl_->close_acceptor_locked();
    live = impl_->live_sessions_locked();
  }
  for (auto& session : live) {
    asio::post(session->stream.get_executor(), [session] { session->close_when_idle(); });
  }
}

Result<void> HttpServer::resume_accepting() {
  std::lock_guard lock(impl_->mutex);
  if (!impl_->started || !impl_->paused || impl_->stopped) return {};
  auto listening = impl_->listen_locked();
  if (listening) {
    impl_->paused = false;
    impl_->draining = false;
  }
  return listening;
}

void HttpServer::stop() {
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->stopped) return;
    impl_->stopped = true;
    impl_->draining = true;
    impl_->close_acceptor_locked();
    live = impl_->live_sessions_locked();
  }
  if (live.empty()) return;
  for (auto& session : live) {
    asio::post(session->stream.get_executor(), [session] { session->close_when_idle(); });
  }
  // After the grace period, whatever is still open is closed, answered or not.
  auto grace = std::make_shared<asio::steady_timer>(impl_->io, impl_->options.shutdown_grace);
  grace->async_wait([grace, impl = impl_](error_code ec) {
    if (ec) return;
    std::vector<std::shared_ptr<Session>> remaining;
    {
      std::lock_guard lock(impl->mutex);
      remaining = impl->live_sessions_locked();
    }
    for (auto& session : remaining) {
      asio::post(session->stream.get_executor(), [session] { session->close_now(); });
    }
  });
}

std::size_t HttpServer::connection_count() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->sessions.size();
}

}  // namespace gt3::http
