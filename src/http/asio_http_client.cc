#include "gt3/asio_http_client.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <utility>

#include "http/asio_http_client_impl.h"

namespace gt3 {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using Clock = std::chrono::steady_clock;
using Executor = http::ClientExecutor;
using http::RequestPhase;

}  // namespace

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
  // A GET found on a connection the server closed while idle goes again on a fresh one (run());
  // a POST could not, so its connection is asked first. Under load that spares a GET a system
  // call: its pooled connection was answering a moment ago.
  while (pooled && request.method != HttpMethod::kGet && !http::still_open(*pooled)) {
    pooled = pools[lane]->checkout(pool_key, now);
  }
  const Executor executor = pooled ? pooled->executor : new_call_executor(lane);
  auto call = std::make_shared<Call>(lane, executor, std::move(request), std::move(done),
                                     std::move(*target), std::move(pool_key), deadline);
  call->connection = std::move(pooled);
  if (!watch(call, deadline)) {
    asio::post(io, [done = std::move(call->done)] {
      done(HttpError{Reason::kCancelled, 0, "the HTTP client is shut down"});
    });
    return;
  }
  // The usual call under load: its pooled connection belongs to this very thread.
  if (call->connection && call->connection->plain && one_thread[lane] &&
      io.get_executor().running_in_this_thread()) {
    start_inline(call);
    return;
  }
  spawn(call);
}

void AsioHttpClient::Impl::spawn(const std::shared_ptr<Call>& call) {
  asio::co_spawn(
      call->executor, run(shared_from_this(), call),
      asio::bind_executor(call->executor,
                          [self = shared_from_this(), call](std::exception_ptr error) {
                            if (!error) return;
                            // A throwing handler (run inline by finish()) goes on up, as a
                            // posted one would.
                            if (call->finished) std::rethrow_exception(error);
                            self->finish(*call, http::internal_failure(error));
                          }));
}

void AsioHttpClient::Impl::shutdown() {
  std::vector<std::shared_ptr<Call>> calls;
  shut_down = true;
  for (const auto& lane : lanes) {
    std::lock_guard lock(lane->mutex);
    lane->calls.for_each(
        [&](http::DeadlineHook& hook) { calls.push_back(static_cast<Call&>(hook).in_lane); });
    lane->timer.cancel();  // its handler holds `this` alive; no call is left to time out
    lane->armed_for = Clock::time_point::max();
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
  if (call.connection) call.connection->lowest().close();
  std::shared_ptr<Call> held;  // the lane's reference; the caller holds one of its own
  {
    Lane& lane = *lanes[call.lane];
    std::lock_guard lock(lane.mutex);
    lane.calls.unlink(call);
    held = std::move(call.in_lane);
  }
  // Inline, on the call's executor, with no lock held: whatever waits for the answer (a route
  // coroutine, through engine/await_callback.h) goes on without another trip through the queue.
  const Handler done = std::move(call.done);
  done(std::move(outcome));
}

bool AsioHttpClient::Impl::watch(const std::shared_ptr<Call>& call, Clock::time_point at) {
  if (call->finished) return true;
  Lane& lane = *lanes[call->lane];
  std::lock_guard lock(lane.mutex);
  if (shut_down) return false;
  if (!call->linked()) call->in_lane = call;
  lane.calls.link(*call, at);
  if (at < lane.armed_for) arm(lane, at);
  return true;
}

void AsioHttpClient::Impl::arm(Lane& lane, Clock::time_point at) {
  lane.armed_for = at;
  lane.timer.expires_at(at);  // a wait pending for a later moment ends as operation_aborted
  lane.timer.async_wait([self = shared_from_this(), &lane](boost::system::error_code ec) {
    if (!ec) self->on_timer(lane);
  });
}

void AsioHttpClient::Impl::on_timer(Lane& lane) {
  std::vector<std::shared_ptr<Call>> due;
  {
    std::lock_guard lock(lane.mutex);
    lane.armed_for = Clock::time_point::max();
    while (http::DeadlineHook* hook = lane.calls.take_due(Clock::now())) {
      due.push_back(std::move(static_cast<Call*>(hook)->in_lane));
    }
    // Armed lazily: a call that finishes leaves the timer as it is, and a firing with nothing
    // due only arms it again for the earliest call left.
    if (const auto next = lane.calls.earliest(); next && !shut_down) arm(lane, *next);
  }
  for (std::shared_ptr<Call>& call : due) {
    const Executor executor = call->executor;  // read before `call` moves into the handler
    asio::post(executor, [self = shared_from_this(), call = std::move(call)] {
      self->finish(*call, http::classify_failure(beast::error::timeout, call->phase, false,
                                                 call->target.authority()));
    });
  }
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
