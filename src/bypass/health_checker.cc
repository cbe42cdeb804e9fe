#include "bypass/health_checker.h"

#include <atomic>
#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <future>
#include <mutex>
#include <random>

namespace gt3::bypass {
namespace asio = boost::asio;

std::optional<CheckerProblem> check_options(const CheckerOptions& options) {
  const auto ms = [](std::chrono::milliseconds d) { return std::to_string(d.count()) + " ms"; };
  if (options.interval.count() <= 0) return CheckerProblem{CheckerField::kInterval, "must be positive"};
  if (options.timeout.count() <= 0) return CheckerProblem{CheckerField::kTimeout, "must be positive"};
  if (options.timeout >= options.interval) {
    return CheckerProblem{CheckerField::kTimeout, "must be below the probe interval (" +
                                                      ms(options.interval) +
                                                      "), so that probes never overlap"};
  }
  if (options.thresholds.unhealthy < 1) {
    return CheckerProblem{CheckerField::kUnhealthyThreshold, "must be at least 1"};
  }
  if (options.thresholds.healthy < 1) {
    return CheckerProblem{CheckerField::kHealthyThreshold, "must be at least 1"};
  }
  if (!(options.jitter >= 0.0 && options.jitter < 1.0)) {
    return CheckerProblem{CheckerField::kJitter, "must be in [0, 1)"};
  }
  if (options.edge_interval.count() < 0 || options.edge_interval > options.interval) {
    return CheckerProblem{CheckerField::kEdgeInterval,
                          "must be between 0 (interval / 4) and the interval (" +
                              ms(options.interval) + ")"};
  }
  return std::nullopt;
}

struct HealthChecker::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& context, std::shared_ptr<const Probe> first_probe, Availability& avail,
       CheckerOptions opts)
      : io(context),
        strand(asio::make_strand(context)),
        timer(strand),
        availability(avail),
        options(opts),
        probe(std::move(first_probe)),
        random(std::random_device{}()) {}

  asio::io_context& io;
  asio::strand<asio::io_context::executor_type> strand;
  asio::steady_timer timer;  // touched on the strand only
  Availability& availability;
  const CheckerOptions options;
  std::atomic<bool> stopped{false};
  std::atomic<bool> active{true};

  std::mutex mutex;  // guards probe
  std::shared_ptr<const Probe> probe;
  std::mt19937 random;  // strand only; jitter needs no secrecy

  std::shared_ptr<const Probe> current_probe() {
    std::lock_guard lock(mutex);
    return probe;
  }

  // The period to the next probe: the edge interval while a streak towards a flip runs.
  std::chrono::milliseconds next_period(bool on_edge) {
    std::chrono::milliseconds period = options.interval;
    if (on_edge) {
      period = options.edge_interval.count() > 0 ? options.edge_interval : options.interval / 4;
    }
    const double spread = options.jitter * static_cast<double>(period.count());
    std::uniform_real_distribution<double> jitter(-spread, spread);
    return std::chrono::milliseconds(
        static_cast<std::int64_t>(static_cast<double>(period.count()) + jitter(random)));
  }

  // Runs one probe and resumes on the strand with its result.
  asio::awaitable<ProbeResult> run(std::shared_ptr<const Probe> p) {
    return asio::async_initiate<decltype(asio::use_awaitable), void(ProbeResult)>(
        [p, this](auto handler) {
          auto shared = std::make_shared<decltype(handler)>(std::move(handler));
          p->run([shared, this](ProbeResult result) {
            asio::dispatch(strand, [shared, result = std::move(result)]() mutable {
              (*shared)(std::move(result));
            });
          });
        },
        asio::use_awaitable);
  }

  asio::awaitable<void> loop() {
    auto self = shared_from_this();
    while (!stopped) {
      const auto started = std::chrono::steady_clock::now();
      bool on_edge = false;
      if (active) {
        auto p = current_probe();
        ProbeResult result = co_await run(p);
        if (stopped) co_return;
        const CloudStatus status = availability.on_probe(result);
        on_edge = result.ok() != (status == CloudStatus::kSuccess);
      }
      timer.expires_at(started + next_period(on_edge));
      boost::system::error_code ec;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
  }
};

HealthChecker::HealthChecker(asio::io_context& io, std::shared_ptr<const Probe> probe,
                             Availability& availability, CheckerOptions options)
    : impl_(std::make_shared<Impl>(io, std::move(probe), availability, options)) {}

HealthChecker::~HealthChecker() { stop(); }

void HealthChecker::start() { asio::co_spawn(impl_->strand, impl_->loop(), asio::detached); }

void HealthChecker::stop() {
  if (impl_->stopped.exchange(true)) return;
  asio::post(impl_->strand, [impl = impl_] { impl->timer.cancel(); });
  // A probe's result may be reaching Availability on the strand right now; once stop() returns
  // the caller may destroy it, so wait for the strand to pass this point (unless stop() runs on
  // the strand itself, or nothing runs the io_context any more).
  if (impl_->strand.running_in_this_thread() || impl_->io.stopped()) return;
  auto passed = std::make_shared<std::promise<void>>();
  auto future = passed->get_future();
  asio::post(impl_->strand, [passed] { passed->set_value(); });
  future.wait_for(std::chrono::seconds(5));  // bounded: a context stopped meanwhile never runs it
}

void HealthChecker::set_probe(std::shared_ptr<const Probe> probe) {
  std::lock_guard lock(impl_->mutex);
  impl_->probe = std::move(probe);
}

void HealthChecker::set_active(bool active) {
  const bool was_active = impl_->active.exchange(active);
  if (active && !was_active) check_now();  // a new poller should not wait a whole interval
}

void HealthChecker::check_now() {
  asio::post(impl_->strand, [impl = impl_] { impl->timer.cancel(); });
}

}  // namespace gt3::bypass
