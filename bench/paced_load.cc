// Steady load at a fixed rate for the memory soak (the benchmarks): wrk cannot hold a rate, so
// this client does.
//
// A flow is one user: GET /register, then at once POST /validate with the solved form (online
// challenges solved as /sim/solve would; offline ones as GeeTest's offline widget, policy
// compat). Flows start on a fixed schedule of --rate per second (open loop: a slow answer does
// not slow the schedule; a 1 ms timer starts the flows that are due). Every --sample-s seconds it
// reads VmRSS and VmHWM of --pid from /proc and prints a markdown row: elapsed time, flows started
// and completed in the window, flows in flight (started, not completed: when it grows, the
// client or the service is behind the schedule and the rate is not being held), failures, p50/p99
// of the whole flow (register sent to verdict received), RSS. The last line is the growth of RSS
// from the sample at --baseline-s to the end, and from the sample at --steady-s (after the
// single-use ledger's entries begin to expire) to the end.
//
//   gt3_bench_paced_load --serve URL --key KEY --rate R --duration-s S --pid PID
//                        [--sample-s 60] [--baseline-s 60] [--steady-s 420]
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <thread>

#include "bench_support.h"

namespace {

using namespace gt3::bench;
using std::chrono::milliseconds;

// VmRSS and VmHWM of a process, in kB (0 when unreadable).
std::pair<long, long> memory_of(const std::string& pid) {
  std::ifstream status("/proc/" + pid + "/status");
  long rss = 0, hwm = 0;
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) rss = std::atol(line.c_str() + 6);
    if (line.rfind("VmHWM:", 0) == 0) hwm = std::atol(line.c_str() + 6);
  }
  return {rss, hwm};
}

class Flows {
 public:
  Flows(boost::asio::io_context& io, gt3::HttpClient& http, std::string serve, std::string key,
        double rate)
      : timer_(io),
        http_(http),
        serve_(std::move(serve)),
        key_(std::move(key)),
        rate_(rate),
        start_(Clock::now()) {
    tick();
  }
  // A tick already queued when the timer is cancelled still runs with success: the flag, not
  // the cancel alone, ends the loop (without it the io_context never ran out of work).
  void stop() {
    boost::asio::post(timer_.get_executor(), [this] {
      stopped_ = true;
      timer_.cancel();
    });
  }
  struct Window {
    long started = 0, completed = 0, failed = 0;
    std::vector<double> flow_ms;
  };
  Window take() {
    std::lock_guard lock(mutex_);
    Window w = std::move(window_);
    window_ = {};
    return w;
  }

 private:
  void tick() {
    timer_.expires_after(milliseconds(1));
    timer_.async_wait([this](boost::system::error_code ec) {
      if (ec || stopped_) return;
      const auto due =
          static_cast<long>(std::floor(rate_ * ms_between(start_, Clock::now()) / 1000.0));
      for (; started_ < due; ++started_) start_flow();
      tick();
    });
  }

  void start_flow() {
    {
      std::lock_guard lock(mutex_);
      ++window_.started;
    }
    const auto began = Clock::now();
    gt3::HttpRequest request;
    request.url = serve_ + "/register?user_id=soak";
    request.deadline = std::chrono::seconds(10);
    http_.send(std::move(request), [this, began](gt3::HttpOutcome outcome) {
      const std::string challenge = outcome ? json_string(outcome->body, "challenge") : "";
      if (challenge.empty()) return done(began, false);
      const bool online = outcome->body.find("\"success\":1") != std::string::npos;
      gt3::HttpRequest validate;
      validate.method = gt3::HttpMethod::kPost;
      validate.url = serve_ + "/validate";
      validate.content_type = std::string(kFormType);
      validate.body = solved_form(challenge, online, key_);
      validate.deadline = std::chrono::seconds(10);
      http_.send(std::move(validate), [this, began](gt3::HttpOutcome verdict) {
        done(began, verdict && verdict->body.find("\"result\":\"success\"") != std::string::npos);
      });
    });
  }

  void done(Clock::time_point began, bool ok) {
    std::lock_guard lock(mutex_);
    ++window_.completed;
    if (!ok) ++window_.failed;
    window_.flow_ms.push_back(ms_between(began, Clock::now()));
  }

  boost::asio::steady_timer timer_;
  gt3::HttpClient& http_;
  std::string serve_, key_;
  double rate_;
  Clock::time_point start_;
  long started_ = 0;      // on the io_context's thread only
  bool stopped_ = false;  // likewise
  std::mutex mutex_;
  Window window_;
};

}  // namespace

int main(int argc, char** argv) {
  const Options options(argc, argv, 1);
  const double rate = options.number("rate", 100);
  const auto duration = std::chrono::seconds(static_cast<long>(options.number("duration-s", 60)));
  const auto sample = std::chrono::seconds(static_cast<long>(options.number("sample-s", 60)));
  const double baseline_s = options.number("baseline-s", 60);
  const double steady_s = options.number("steady-s", 420);
  const std::string pid = options.text("pid");

  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  gt3::AsioHttpClient http(io, keep_alive(512));
  std::thread runner([&io] { io.run(); });
  const auto t0 = Clock::now();
  Flows flows(io, http, options.text("serve"), options.text("key"), rate);

  std::printf(
      "| elapsed | flows started / completed | in flight | failed | flow p50 / p99, ms |"
      " VmRSS | VmHWM |\n|---|---|---|---|---|---|---|\n");
  long baseline_rss = 0, steady_rss = 0, last_rss = 0, total_failed = 0, total_completed = 0,
       total_started = 0;
  for (auto next = t0 + sample; next <= t0 + duration + milliseconds(1); next += sample) {
    std::this_thread::sleep_until(next);
    const auto w = flows.take();
    const auto [rss, hwm] = memory_of(pid);
    const double elapsed = ms_between(t0, Clock::now()) / 1000;
    if (baseline_rss == 0 && elapsed >= baseline_s - 1) baseline_rss = rss;
    if (steady_rss == 0 && elapsed >= steady_s - 1) steady_rss = rss;
    last_rss = rss;
    total_failed += w.failed;
    total_completed += w.completed;
    total_started += w.started;
    std::printf("| %.0f s | %ld / %ld | %ld | %ld | %.2f / %.2f | %.1f MB | %.1f MB |\n", elapsed,
                w.started, w.completed, total_started - total_completed, w.failed,
                percentile(w.flow_ms, 50), percentile(w.flow_ms, 99), rss / 1024.0, hwm / 1024.0);
    std::fflush(stdout);
  }
  flows.stop();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  http.shutdown();
  guard.reset();
  runner.join();
  std::printf(
      "\nGROWTH rate=%.0f/s completed=%ld failed=%ld rss_baseline_kb=%ld rss_end_kb=%ld "
      "growth_pct=%.1f rss_steady_kb=%ld growth_steady_pct=%.1f\n",
      rate, total_completed, total_failed, baseline_rss, last_rss,
      baseline_rss ? 100.0 * double(last_rss - baseline_rss) / double(baseline_rss) : 0.0,
      steady_rss, steady_rss ? 100.0 * double(last_rss - steady_rss) / double(steady_rss) : 0.0);
  return 0;
}
