#include "gt3/asio_http_client.h"

#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <utility>
#include <vector>

#include "http/client_connection.h"
#include "http/connection_pool.h"
#include "http/failure_classification.h"
#include "http/io_threads.h"
#include "http/request_head.h"
#include "http/response_reader.h"
#include "http/url_target.h"
#include "http/write_now.h"

namespace gt3 {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using Executor = http::ClientExecutor;
using Connection = http::ClientConnection;
using http::RequestPhase;

}  // namespace

struct AsioHttpClient::Impl : std::enable_shared_from_this<AsioHttpClient::Impl> {
  // One request, from send() to its handler. Touched only on `executor`.
  struct Call {
    Call(std::size_t l, Executor e, HttpRequest r, Handler h, http::UrlTarget t, std::string key,
         Clock::time_point d)
        : lane(l),
          executor(e),
          request(std::move(r)),
          done(std::move(h)),
          target(std::move(t)),
          pool_key(std::move(key)),
          deadline(d),
          watchdog(e) {}

    std::size_t lane;   // which context (and pool) the call runs on
    Executor executor;  // the connection's, when it reuses one
    HttpRequest request;
    Handler done;
    http::UrlTarget target;
    std::string pool_key;
    Clock::time_point deadline;
    std::optional<tcp::resolver> resolver;  // only for a new connection: it allocates
    asio::steady_timer watchdog;
    unsigned watchdog_generation = 0;
    RequestPhase phase = RequestPhase::kResolve;
    std::unique_ptr<Connection> connection;
    bool finished = false;
    std::uint64_t id = 0;
    std::string head;  // the request line and headers (http/request_head.h)
  };

  struct Attempt {
    HttpOutcome outcome;
    bool may_retry = false;  // failed before the peer could have acted on the request
  };

  Impl(std::vector<asio::io_context*> lane_contexts, AsioHttpClientOptions opts)
      : contexts(std::move(lane_contexts)),
        options(std::move(opts)),
        tls_context(http::make_client_tls_context(options)) {
    if (contexts.empty())
      throw std::invalid_argument("AsioHttpClient was given no io_context: pass at least one");
    for (std::size_t i = 0; i < contexts.size(); ++i) {
      one_thread.push_back(http::runs_on_one_thread(*contexts[i]));
      pools.push_back(std::make_unique<Pool>(options.max_idle_per_host, options.idle_timeout,
                                             http::still_open));
    }
  }

  // A new call's executor: its lane's context itself when one thread runs it, a strand of it
  // otherwise.
  Executor new_call_executor(std::size_t lane) const {
    asio::io_context& io = *contexts[lane];
    if (one_thread[lane]) return io.get_executor();
    return asio::make_strand(io);
  }

  // The lane of the context whose thread calls, so that the call, its connection and its
  // handler stay on that thread; the first for any other thread.
  std::size_t lane_of_this_thread() const {
    for (std::size_t i = 1; i < contexts.size(); ++i) {
      if (contexts[i]->get_executor().running_in_this_thread()) return i;
    }
    return 0;
  }

  void send(HttpRequest request, Handler done);
  void shutdown();

  // Completes `call` once: later calls do nothing. Stops whatever `call` was waiting for, so its
  // coroutine wakes up, sees `finished` and ends. On the call's executor.
  void finish(Call& call, HttpOutcome outcome);
  // The handler is called by `at`, whatever hangs (DNS included): a timeout. The only clock of
  // a call: when it fires, finish() closes the socket, which ends whatever the coroutine awaits,
  // so the streams need no timers of their own (two more arm-and-cancel pairs per call).
  void arm_watchdog(const std::shared_ptr<Call>& call, Clock::time_point at);

  static asio::awaitable<void> run(std::shared_ptr<Impl> self, std::shared_ptr<Call> call);
  // Steps of run(), whose frame owns `self` and `call` while they run: references, no counts.
  static asio::awaitable<bool> open(Impl* self, const std::shared_ptr<Call>& call);
  static asio::awaitable<Attempt> exchange(Impl* self, Call& c);

  using Pool = http::ConnectionPool<Connection>;
  const std::vector<asio::io_context*> contexts;  // the lanes
  std::vector<bool> one_thread;                   // per lane: runs_on_one_thread()
  const AsioHttpClientOptions options;
  ssl::context tls_context;
  std::vector<std::unique_ptr<Pool>> pools;  // one per lane: a connection stays on its context
  std::atomic<std::uint64_t> connections_opened{0};
  std::atomic<std::uint64_t> requests_on_reused_connections{0};

  std::mutex mutex;  // guards what follows
  bool shut_down = false;
  std::uint64_t next_id = 0;
  std::unordered_map<std::uint64_t, std::shared_ptr<Call>> in_flight;
};

void AsioHttpClient::Impl::send(HttpRequest request, Handler done) {
  const std::size_t lane = lane_of_this_thread();
  asio::io_context& io = *contexts[lane];
  auto target = http::parse_url_target(request.url);
  if (!target) {
    asio::post(io, [done = std::move(done), error = target.error()] { done(error); });
    return;
  }
  const Clock::time_point now = Clock::now();
  const Clock::time_point deadline = now + request.deadline;
  std::string pool_key = target->pool_key();
  std::unique_ptr<Connection> pooled = pools[lane]->checkout(pool_key, now);
  const Executor executor = pooled ? pooled->executor : new_call_executor(lane);
  auto call = std::make_shared<Call>(lane, executor, std::move(request), std::move(done),
                                     std::move(*target), std::move(pool_key), deadline);
  call->connection = std::move(pooled);
  {
    std::unique_lock lock(mutex);
    if (shut_down) {
      lock.unlock();
      asio::post(io, [done = std::move(call->done)] {
        done(HttpError{Reason::kCancelled, 0, "the HTTP client is shut down"});
      });
      return;
    }
    call->id = next_id++;
    in_flight.emplace(call->id, call);
  }
  asio::co_spawn(
      executor, run(shared_from_this(), call),
      asio::bind_executor(executor, [self = shared_from_this(), call](std::exception_ptr error) {
        if (error) self->finish(*call, http::internal_failure(error));
      }));
}

void AsioHttpClient::Impl::shutdown() {
  std::vector<std::shared_ptr<Call>> calls;
  {
    std::lock_guard lock(mutex);
    shut_down = true;
    for (const auto& [id, call] : in_flight) calls.push_back(call);
  }
  for (const auto& pool : pools) pool->close();
  for (const std::shared_ptr<Call>& call : calls) {
    asio::post(call->executor, [self = shared_from_this(), call] {
      self->finish(*call, HttpError{Reason::kCancelled, 0, "the HTTP client is shutting down"});
    });
  }
}

void AsioHttpClient::Impl::finish(Call& call, HttpOutcome outcome) {
  if (call.finished) return;
  call.finished = true;
  if (!outcome && outcome.error().reason == Reason::kTimeout) {
    outcome = http::with_timeouts(outcome.error(), call.phase, options.connect_timeout,
                                  call.request.deadline);
  }
  if (call.resolver) call.resolver->cancel();
  call.watchdog.cancel();
  if (call.connection) call.connection->lowest().close();
  {
    std::lock_guard lock(mutex);
    in_flight.erase(call.id);
  }
  asio::post(*contexts[call.lane],
             [done = std::move(call.done), outcome = std::move(outcome)]() mutable {
               done(std::move(outcome));
             });
}

void AsioHttpClient::Impl::arm_watchdog(const std::shared_ptr<Call>& call, Clock::time_point at) {
  const unsigned generation = ++call->watchdog_generation;
  call->watchdog.expires_at(at);
  call->watchdog.async_wait(
      [self = shared_from_this(), call, generation](boost::system::error_code ec) {
        if (ec || call->finished || generation != call->watchdog_generation) return;
        self->finish(*call, http::classify_failure(beast::error::timeout, call->phase, false,
                                                   call->target.authority()));
      });
}

asio::awaitable<void> AsioHttpClient::Impl::run(std::shared_ptr<Impl> self,
                                                std::shared_ptr<Call> call) {
  if (!http::write_request_head(
          call->head, call->request,
          {call->target.target, call->target.host_header, http::client_user_agent()})) {
    // The request's own fault, sent nowhere: never a reason to think the cloud is down.
    self->finish(*call, HttpError{Reason::kRequestRefused, 0,
                                  "the request cannot be sent as HTTP (a header name that is no "
                                  "token or one the client writes, or a control character): "
                                  "fix the caller's headers or URL"});
    co_return;
  }

  const bool reused = call->connection != nullptr;
  if (reused) {
    ++self->requests_on_reused_connections;
    self->arm_watchdog(call, call->deadline);
  } else if (!co_await open(self.get(), call)) {
    co_return;
  }
  Attempt attempt = co_await exchange(self.get(), *call);
  if (call->finished) co_return;
  if (reused && attempt.may_retry && !attempt.outcome) {
    // Most likely a keep-alive connection the server closed as we picked it: once, afresh.
    call->connection.reset();
    if (!co_await open(self.get(), call)) co_return;
    attempt = co_await exchange(self.get(), *call);
    if (call->finished) co_return;
  }
  self->finish(*call, std::move(attempt.outcome));
}

asio::awaitable<bool> AsioHttpClient::Impl::open(Impl* self, const std::shared_ptr<Call>& call) {
  Call& c = *call;
  const std::string authority = c.target.authority();
  const Clock::time_point connect_deadline =
      std::min(c.deadline, Clock::now() + self->options.connect_timeout);
  self->arm_watchdog(call, connect_deadline);
  boost::system::error_code ec;

  c.phase = RequestPhase::kResolve;
  c.resolver.emplace(c.executor);
  const tcp::resolver::results_type endpoints = co_await c.resolver->async_resolve(
      c.target.host, c.target.port, asio::redirect_error(asio::use_awaitable, ec));
  if (c.finished) co_return false;
  if (ec) {
    self->finish(c, http::classify_failure(ec, c.phase, false, authority));
    co_return false;
  }

  c.phase = RequestPhase::kConnect;
  c.connection =
      std::make_unique<Connection>(c.executor, c.target.tls ? &self->tls_context : nullptr);
  beast::tcp_stream& lowest = c.connection->lowest();
  co_await lowest.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
  if (c.finished) co_return false;
  if (ec) {
    self->finish(c, http::classify_failure(ec, c.phase, false, authority));
    co_return false;
  }
  ++self->connections_opened;
  if (c.connection->plain) {
    boost::system::error_code ignored;  // refused, write_now() writes nothing: async_write does
    lowest.socket().non_blocking(true, ignored);
  }

  if (c.target.tls) {
    c.phase = RequestPhase::kHandshake;
    auto& stream = *c.connection->tls;
    if (!http::prepare_tls(stream, c.target.host)) {
      self->finish(c,
                   HttpError{Reason::kTls, 0, "could not set up TLS name checks for " + authority});
      co_return false;
    }
    co_await stream.async_handshake(ssl::stream_base::client,
                                    asio::redirect_error(asio::use_awaitable, ec));
    if (c.finished) co_return false;
    if (ec) {
      HttpError error = http::classify_failure(ec, c.phase, false, authority);
      if (error.reason == Reason::kTls) error.detail += http::certificate_problem(stream);
      self->finish(c, std::move(error));
      co_return false;
    }
  }
  self->arm_watchdog(call, c.deadline);
  co_return true;
}

asio::awaitable<AsioHttpClient::Impl::Attempt> AsioHttpClient::Impl::exchange(Impl* self, Call& c) {
  Connection& connection = *c.connection;
  boost::system::error_code ec;

  c.phase = RequestPhase::kWrite;
  std::array<asio::const_buffer, 2> out{asio::buffer(c.head), asio::buffer(c.request.body)};
  if (connection.tls) {
    co_await asio::async_write(*connection.tls, out, asio::redirect_error(asio::use_awaitable, ec));
  } else {
    // Most calls fit the socket's buffer: written at once; the rest, if any, through the queue.
    ec = http::write_now(connection.plain->socket(), out);
    if (!ec && asio::buffer_size(out) != 0) {
      co_await asio::async_write(connection.plain->socket(), out,
                                 asio::redirect_error(asio::use_awaitable, ec));
    }
  }
  if (c.finished) co_return Attempt{};
  if (ec) {
    // A request that did not go out whole cannot have been acted upon: safe to send again.
    co_return Attempt{http::classify_failure(ec, c.phase, false, c.target.authority()),
                      ec != beast::error::timeout};
  }

  c.phase = RequestPhase::kRead;
  http::ResponseReader reader(self->options.max_response_bytes);
  if (connection.tls) {
    co_await bhttp::async_read(*connection.tls, connection.buffer, reader,
                               asio::redirect_error(asio::use_awaitable, ec));
  } else {
    // Read and parsed here rather than by Beast's async_read over the tcp_stream: the same
    // parser, without two layers of composed operations per read.
    reader.eager(true);
    while (!reader.take(connection.buffer, ec)) {
      auto [read_ec, n] = co_await connection.plain->socket().async_read_some(
          connection.buffer.prepare(http::ResponseReader::kReadSize),
          asio::as_tuple(asio::use_awaitable));
      if (read_ec) {
        ec = reader.end_of_reading(read_ec);
        break;
      }
      connection.buffer.commit(n);
    }
  }
  if (c.finished) co_return Attempt{};
  if (ec) {
    const bool started = reader.got_some() || connection.buffer.size() != 0;
    co_return Attempt{
        http::classify_failure(ec, c.phase, started, c.target.authority()),
        !started && ec != beast::error::timeout && c.request.method == HttpMethod::kGet};
  }

  const int status = reader.status();
  if (reader.keep_alive() && connection.buffer.size() == 0) {
    self->pools[c.lane]->checkin(c.pool_key, std::move(c.connection), Clock::now());
  } else {
    c.connection.reset();
  }
  if (status < 200 || status > 299) {
    co_return Attempt{
        HttpError{Reason::kHttpStatus, status,
                  "HTTP status " + std::to_string(status) + " from " + c.target.authority()}};
  }
  co_return Attempt{
      HttpResponse{status, std::move(reader.content_type()), std::move(reader.body())}};
}

AsioHttpClient::AsioHttpClient(boost::asio::io_context& io, AsioHttpClientOptions options)
    : AsioHttpClient(std::vector<boost::asio::io_context*>{&io}, std::move(options)) {}

AsioHttpClient::AsioHttpClient(std::vector<boost::asio::io_context*> contexts,
                               AsioHttpClientOptions options)
    : impl_(std::make_shared<Impl>(std::move(contexts), std::move(options))) {}

AsioHttpClient::~AsioHttpClient() { impl_->shutdown(); }

void AsioHttpClient::send(HttpRequest request, Handler done) {
  impl_->send(std::move(request), std::move(done));
}

void AsioHttpClient::shutdown() { impl_->shutdown(); }

AsioHttpClient::Stats AsioHttpClient::stats() const {
  return Stats{impl_->connections_opened.load(), impl_->requests_on_reused_connections.load()};
}

}  // namespace gt3
