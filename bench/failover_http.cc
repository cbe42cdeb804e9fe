// Failover of a running `gt3-bypass serve`, seen from outside over HTTP (the benchmarks: failover).
//
// A client calls GET /register every --period-ms (default 20 ms) on a fixed schedule, whether or
// not earlier calls have answered (open loop, as independent users would). For each --faults
// entry, --reps times:
//   1. wait for an online answer (success 1), then a random 0.5-2.5 s (a random phase of the
//      probe period);
//   2. t_fault = just before the control call that puts cloudsim into the fault;
//      to_offline = arrival of the first offline answer (success 0) after t_fault, minus t_fault;
//   3. one more second (calls hanging on the cloud reach their deadline), then t_up = just before
//      the control call `up`; worst = the longest register call answered in (t_fault, t_up];
//   4. to_online = arrival of the first online answer after t_up, minus t_up.
// Failed calls (no HTTP answer, or not 200) are counted. Prints one markdown row per fault.
//
// A fault written `<mode>/quiet` runs the same steps without user traffic: the client then polls
// GET /bypass/status every period instead (which never reaches the cloud, so only the probes see
// the fault), and "offline/online answer" means the mode that status reports. A rep whose switch
// does not come within --give-up-s (default 10) is counted as missed.
//
//   gt3_bench_failover_http --serve URL --control URL [--reps 5] [--give-up-s 10]
//                           [--faults hang,down,status-fail,status-fail/quiet]
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

#include "bench_support.h"

namespace {

using namespace gt3::bench;
using std::chrono::milliseconds;

struct Answer {
  Clock::time_point sent, received;
  bool ok = false;        // HTTP 200
  bool online = false;    // "success":1, or "mode":"online" for a status poll
  bool user_call = true;  // a /register call (not a status poll while quiet)
};

class Traffic {
 public:
  Traffic(boost::asio::io_context& io, gt3::HttpClient& http, std::string serve,
          milliseconds period)
      : timer_(io), http_(http), serve_(std::move(serve)), period_(period), next_(Clock::now()) {
    tick();
  }
  void set_quiet(bool quiet) { quiet_ = quiet; }
  // From any thread: the timer belongs to the io_context's thread.
  void stop() {
    boost::asio::post(timer_.get_executor(), [this] { timer_.cancel(); });
  }

  // The first answer received after `after` that satisfies `wanted`, waiting up to `limit`.
  template <typename Wanted>
  std::optional<Answer> wait_for(Clock::time_point after, Wanted wanted, milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
      {
        std::lock_guard lock(mutex_);
        for (const Answer& a : answers_) {
          if (a.received > after && wanted(a)) return a;
        }
      }
      std::this_thread::sleep_for(milliseconds(1));  // polling a local vector, not the service
    }
    return std::nullopt;
  }
  // Longest call answered in (from, to], and how many of them failed.
  std::pair<double, int> worst_between(Clock::time_point from, Clock::time_point to) {
    std::lock_guard lock(mutex_);
    double worst = 0;
    int failed = 0;
    for (const Answer& a : answers_) {
      if (a.received <= from || a.received > to || !a.user_call) continue;
      worst = std::max(worst, ms_between(a.sent, a.received));
      if (!a.ok) ++failed;
    }
    return {worst, failed};
  }
  void forget_before(Clock::time_point t) {
    std::lock_guard lock(mutex_);
    std::erase_if(answers_, [t](const Answer& a) { return a.received < t; });
  }

 private:
  void tick() {
    next_ += period_;
    timer_.expires_at(next_);
    timer_.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      const bool user_call = !quiet_;
      gt3::HttpRequest request;
      request.url = serve_ + (user_call ? "/register?user_id=failover-bench" : "/bypass/status");
      request.deadline = std::chrono::seconds(10);  // longer than any deadline of the service
      const auto sent = Clock::now();
      http_.send(std::move(request), [this, sent, user_call](gt3::HttpOutcome outcome) {
        Answer a{sent, Clock::now(), outcome.has_value(), false, user_call};
        a.online =
            a.ok && outcome->body.find(user_call ? "\"success\":1" : "\"mode\":\"online\"") !=
                        std::string::npos;
        std::lock_guard lock(mutex_);
        answers_.push_back(a);
      });
      tick();
    });
  }

  boost::asio::steady_timer timer_;
  gt3::HttpClient& http_;
  std::string serve_;
  std::atomic<bool> quiet_{false};
  milliseconds period_;
  Clock::time_point next_;
  std::mutex mutex_;
  std::vector<Answer> answers_;
};

}  // namespace

int main(int argc, char** argv) {
  const Options options(argc, argv, 1);
  const std::string serve = options.text("serve");
  const std::string control = options.text("control");
  const int reps = std::max(1, static_cast<int>(options.number("reps", 5)));
  const milliseconds period(static_cast<int>(options.number("period-ms", 20)));
  const std::chrono::seconds give_up(static_cast<int>(options.number("give-up-s", 10)));
  std::vector<std::string> faults;
  std::stringstream list(options.text("faults", "hang,down,status-fail,status-fail/quiet"));
  for (std::string f; std::getline(list, f, ',');) faults.push_back(f);

  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  gt3::AsioHttpClient http(io, keep_alive(128));
  std::thread runner([&io] { io.run(); });
  Traffic traffic(io, http, serve, period);
  std::mt19937 random(std::random_device{}());
  const auto is_online = [](const Answer& a) { return a.online; };
  const auto is_offline = [](const Answer& a) { return a.ok && !a.online; };

  std::printf(
      "| fault | traffic | switched to offline | outage -> first offline answer, ms |"
      " worst register, ms | up -> first online answer, ms | failed calls |\n"
      "|---|---|---|---|---|---|---|\n");
  for (const std::string& entry : faults) {
    const bool quiet = entry.ends_with("/quiet");
    const std::string fault = entry.substr(0, entry.find('/'));
    std::vector<double> to_offline, worst, to_online;
    int failed = 0;
    for (int rep = 0; rep < reps; ++rep) {
      traffic.set_quiet(false);
      if (!traffic.wait_for(Clock::now(), is_online, std::chrono::seconds(30))) {
        Options::fail("serve gave no online answer within 30 s before a " + entry + " rep");
      }
      traffic.set_quiet(quiet);
      std::this_thread::sleep_for(milliseconds(std::uniform_int_distribution(500, 2500)(random)));
      const auto t_fault = Clock::now();
      set_cloud_mode(http, control, fault);
      const auto offline = traffic.wait_for(t_fault, is_offline, give_up);
      if (offline) to_offline.push_back(ms_between(t_fault, offline->received));
      std::this_thread::sleep_for(std::chrono::seconds(1));
      const auto t_up = Clock::now();
      set_cloud_mode(http, control, "up");
      const auto [slowest, failures] = traffic.worst_between(t_fault, t_up);
      worst.push_back(slowest);
      failed += failures;
      const auto online = traffic.wait_for(t_up, is_online, std::chrono::seconds(30));
      // Recovery means something only after a switch to offline.
      if (online && offline) to_online.push_back(ms_between(t_up, online->received));
      std::fprintf(stderr, "failover %s rep %d: offline %.0f ms, worst %.0f ms, online %.0f ms\n",
                   entry.c_str(), rep + 1, offline ? ms_between(t_fault, offline->received) : -1,
                   slowest, online ? ms_between(t_up, online->received) : -1);
      traffic.forget_before(Clock::now() - std::chrono::seconds(2));
    }
    std::printf("| %s | %s | %zu of %d reps (give-up %lld s) | %s | %s | %s | %d |\n",
                fault.c_str(),
                quiet ? "none (status polled)"
                      : ("/register every " + std::to_string(period.count()) + " ms").c_str(),
                to_offline.size(), reps, static_cast<long long>(give_up.count()),
                min_median_max(to_offline).c_str(), quiet ? "n/a" : min_median_max(worst).c_str(),
                min_median_max(to_online).c_str(), failed);
    std::fflush(stdout);
  }
  traffic.stop();
  std::this_thread::sleep_for(period);  // the last tick sees the cancellation
  http.shutdown();
  guard.reset();
  runner.join();
  return 0;
}
