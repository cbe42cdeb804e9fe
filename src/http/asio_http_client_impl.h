// AsioHttpClient::Impl: the state behind the public client (gt3/asio_http_client.h), shared by
// asio_http_client.cc (a call's life: send, deadlines, finish, shutdown) and
// asio_http_client_steps.cc (a call's steps on its connection: open, write, read). Internal.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "gt3/asio_http_client.h"
#include "http/client_connection.h"
#include "http/connection_pool.h"
#include "http/deadline_list.h"
#include "http/failure_classification.h"
#include "http/io_threads.h"
#include "http/response_reader.h"
#include "http/url_target.h"

namespace gt3 {

struct AsioHttpClient::Impl : std::enable_shared_from_this<AsioHttpClient::Impl> {
  using Clock = std::chrono::steady_clock;
  using Executor = http::ClientExecutor;
  using Connection = http::ClientConnection;
  using tcp = boost::asio::ip::tcp;

  // One request, from send() to its handler. Touched only on `executor`, but for its link in
  // its lane's list of calls (DeadlineHook and `in_lane`), which the lane's mutex guards.
  struct Call : http::DeadlineHook {
    Call(std::size_t l, Executor e, HttpRequest r, Handler h, http::UrlTarget t, std::string key,
         Clock::time_point d)
        : lane(l),
          executor(e),
          request(std::move(r)),
          done(std::move(h)),
          target(std::move(t)),
          pool_key(std::move(key)),
          deadline(d) {}

    std::size_t lane;   // which context (and pool) the call runs on
    Executor executor;  // the connection's, when it reuses one
    HttpRequest request;
    Handler done;
    http::UrlTarget target;
    std::string pool_key;
    Clock::time_point deadline;
    std::optional<tcp::resolver> resolver;  // only for a new connection: it allocates
    http::RequestPhase phase = http::RequestPhase::kResolve;
    std::unique_ptr<Connection> connection;
    bool finished = false;
    std::shared_ptr<Call> in_lane;  // itself while linked in its lane's list: kept until finish()
    std::string head;               // the request line and headers (http/request_head.h)
    std::optional<http::ResponseReader> reader;  // the inline exchange's, across its reads
  };

  // The calls in flight on one lane, by deadline, and the one timer that watches them all: armed
  // at the earliest deadline (or before it), so that no call waits past its own. A call costs a
  // link and an unlink, not a timer's arm, cancel and completion.
  struct Lane {
    explicit Lane(boost::asio::io_context& io) : timer(io) {}
    // Calls still linked hold themselves (`in_lane`): those whose handlers died unrun with their
    // io_context (stopped before a shutdown's cancellations ran) are let go here.
    ~Lane() {
      while (http::DeadlineHook* hook = calls.take_due(Clock::time_point::max())) {
        static_cast<Call*>(hook)->in_lane.reset();
      }
    }
    std::mutex mutex;  // guards what follows; uncontended when one thread runs the lane
    http::DeadlineList calls;
    boost::asio::steady_timer timer;
    Clock::time_point armed_for = Clock::time_point::max();  // max(): not armed
  };

  struct Attempt {
    HttpOutcome outcome;
    bool may_retry = false;  // failed before the peer could have acted on the request
  };

  Impl(std::vector<boost::asio::io_context*> lane_contexts, AsioHttpClientOptions opts)
      : contexts(std::move(lane_contexts)),
        options(std::move(opts)),
        tls_context(http::make_client_tls_context(options)) {
    if (contexts.empty())
      throw std::invalid_argument("AsioHttpClient was given no io_context: pass at least one");
    for (std::size_t i = 0; i < contexts.size(); ++i) {
      one_thread.push_back(http::runs_on_one_thread(*contexts[i]));
      lanes.push_back(std::make_unique<Lane>(*contexts[i]));
      pools.push_back(std::make_unique<Pool>(options.max_idle_per_host, options.idle_timeout,
                                             http::looks_reusable));
    }
  }

  // A new call's executor: its lane's context itself when one thread runs it, a strand of it
  // otherwise.
  Executor new_call_executor(std::size_t lane) const {
    boost::asio::io_context& io = *contexts[lane];
    if (one_thread[lane]) return io.get_executor();
    return boost::asio::make_strand(io);
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
  // coroutine wakes up, sees `finished` and ends, and calls the handler inline. On the call's
  // executor, never in send() nor under a lane's mutex.
  void finish(Call& call, HttpOutcome outcome);
  // The handler is called by `at`, whatever hangs (DNS included): a timeout. The only clock of
  // a call: when it is due, finish() closes the socket, which ends whatever the coroutine awaits,
  // so the streams need no timers of their own. Moves the deadline of a call watched already;
  // nothing for a finished call. False, linking nothing, once shut down. On the call's executor,
  // or in send() before the call starts.
  bool watch(const std::shared_ptr<Call>& call, Clock::time_point at);
  // Arms `lane`'s timer for `at`; the lane's mutex is held.
  void arm(Lane& lane, Clock::time_point at);
  // The lane's timer fired: times out every call due and arms for the next.
  void on_timer(Lane& lane);

  // Starts run() for `call` on its executor (through the queue).
  void spawn(const std::shared_ptr<Call>& call);
  static boost::asio::awaitable<void> run(std::shared_ptr<Impl> self, std::shared_ptr<Call> call);
  // Steps of run(), whose frame owns `self` and `call` while they run: references, no counts.
  static boost::asio::awaitable<bool> open(Impl* self, const std::shared_ptr<Call>& call);
  static boost::asio::awaitable<Attempt> exchange(Impl* self, Call& c);
  // What a failed write, or a read that ended (`ec` as the reader gives it), makes of the
  // attempt; a complete answer's connection goes back to the pool when it can serve again.
  Attempt write_failed(const Call& c, boost::system::error_code ec) const;
  Attempt answered(Call& c, http::ResponseReader& reader, boost::system::error_code ec);

  // The inline exchange (asio_http_client_inline.cc): a call with a pooled plain connection,
  // sent from the thread that runs its lane alone, is written at once and its answer read by
  // callbacks, without a coroutine; a connection found closed is left to run(), which retries.
  void start_inline(const std::shared_ptr<Call>& call);
  void on_written(const std::shared_ptr<Call>& call, boost::system::error_code ec);
  void read_answer(const std::shared_ptr<Call>& call);
  void on_read(const std::shared_ptr<Call>& call, boost::system::error_code ec, std::size_t n);
  void end_inline(const std::shared_ptr<Call>& call, Attempt attempt);

  using Pool = http::ConnectionPool<Connection>;
  const std::vector<boost::asio::io_context*> contexts;  // the lanes
  std::vector<bool> one_thread;                          // per lane: runs_on_one_thread()
  const AsioHttpClientOptions options;
  boost::asio::ssl::context tls_context;
  std::vector<std::unique_ptr<Pool>> pools;  // one per lane: a connection stays on its context
  std::vector<std::unique_ptr<Lane>> lanes;  // the calls in flight, per lane
  std::atomic<std::uint64_t> connections_opened{0};
  std::atomic<std::uint64_t> requests_on_reused_connections{0};
  // Set before shutdown() visits each lane, read under a lane's mutex: a call is either linked
  // before the visit, and cancelled by it, or refused.
  std::atomic<bool> shut_down{false};
};

}  // namespace gt3
