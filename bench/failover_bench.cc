// Failover speed of the availability layer with its defaults (interval 2 s, jitter 10 %, probe
// timeout 800 ms, thresholds 2/2, cloud call deadline 800 ms), against an in-process cloudsim:
//
//  - outage: time from putting the cloud in `hang` or `down` to the status reading offline,
//    with and without user traffic (a register call every 20 ms while online, whose failures are
//    the passive signal), and the worst register latency in between;
//  - recovery: time from `up` to the status reading online again (only probes test recovery).
//
// Each case runs --reps times (default 5), starting at a random phase of the probe period.
// Run: build/release/bench/gt3_failover_bench [--reps N]
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "cloudsim/cloud_simulator.h"
#include "gt3/asio_http_client.h"
#include "gt3/geetest_client.h"
#include "http/io_threads.h"
#include "engine/status_keeper.h"

namespace {

using namespace std::chrono;
using gt3::CaptchaMode;
using Clock = steady_clock;

// Waits for the mode that listeners report (no polling of the snapshot).
class ModeWatch {
 public:
  explicit ModeWatch(gt3::bypass::Availability& availability) {
    availability.add_listener([this](const gt3::StatusSnapshot& s) {
      std::lock_guard lock(mutex_);
      if (s.mode != mode_) {
        mode_ = s.mode;
        changed_at_ = Clock::now();
      }
      cv_.notify_all();
    });
  }
  // When the mode became `wanted` (or nullopt after `limit`).
  std::optional<Clock::time_point> wait_for(CaptchaMode wanted, milliseconds limit) {
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, limit, [&] { return mode_ == wanted; })) return std::nullopt;
    return changed_at_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  CaptchaMode mode_ = CaptchaMode::kOnline;
  Clock::time_point changed_at_ = Clock::now();
};

// A user calling /register every 20 ms, as the service would: the cloud only while online.
class Traffic {
 public:
  Traffic(gt3::GeetestClient& client, gt3::bypass::Availability& availability)
      : client_(client), availability_(availability) {
    thread_ = std::thread([this] { run(); });
  }
  ~Traffic() {
    stop_ = true;
    thread_.join();
  }
  milliseconds worst_and_reset() { return milliseconds(worst_ms_.exchange(0)); }

 private:
  void run() {
    while (!stop_) {
      if (availability_.mode() == CaptchaMode::kOnline) {
        const auto started = Clock::now();
        client_.register_online({}, [this, started](gt3::RegisterResult r) {
          availability_.on_cloud_call(r.reason);
          const auto took = duration_cast<milliseconds>(Clock::now() - started).count();
          std::int64_t seen = worst_ms_.load();
          while (took > seen && !worst_ms_.compare_exchange_weak(seen, took)) {
          }
        });
      }
      std::this_thread::sleep_for(milliseconds(20));  // the client's pace, not synchronisation
    }
  }
  gt3::GeetestClient& client_;
  gt3::bypass::Availability& availability_;
  std::atomic<bool> stop_{false};
  std::atomic<std::int64_t> worst_ms_{0};
  std::thread thread_;
};

struct Figures {
  std::vector<double> to_offline_ms, worst_register_ms, to_online_ms;
};

std::string summary(std::vector<double> v) {
  if (v.empty()) return "n/a";
  std::sort(v.begin(), v.end());
  char out[96];
  std::snprintf(out, sizeof out, "%6.0f / %6.0f / %6.0f", v.front(), v[v.size() / 2], v.back());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 5;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--reps") == 0) reps = std::max(1, std::atoi(argv[i + 1]));
  }
  spdlog::set_level(spdlog::level::warn);

  gt3::http::IoThreads io(2);
  gt3::cloudsim::CloudSimulator cloud(io.context(), {});
  if (!cloud.start()) return 1;
  const auto app = cloud.apps().front();
  const std::string base = "http://127.0.0.1:" + std::to_string(cloud.cloud_port());
  gt3::AsioHttpClient http(io.context());
  gt3::GeetestClient client({app.captcha_id, app.private_key, base, milliseconds(800)}, http);

  std::mt19937 random(std::random_device{}());
  std::printf(
      "case                         outage->offline ms   worst register ms   "
      "up->online ms   (min / median / max of %d)\n",
      reps);
  for (const auto& [name, fault] : {std::pair{"hang", gt3::cloudsim::Fault::kHang},
                                    std::pair{"down", gt3::cloudsim::Fault::kDown}}) {
    for (bool traffic : {true, false}) {
      Figures figures;
      for (int rep = 0; rep < reps; ++rep) {
        gt3::engine::StatusKeeperSettings settings;
        settings.captcha_id = app.captcha_id;
        settings.bypass_url = base + "/v1/bypass_status.php";
        gt3::engine::StatusKeeper keeper(io.context(), http, settings);
        ModeWatch watch(keeper.availability());
        keeper.start();
        std::optional<Traffic> users;
        if (traffic) users.emplace(client, keeper.availability());
        // A random phase of the probe period.
        std::this_thread::sleep_for(milliseconds(std::uniform_int_distribution(500, 2500)(random)));
        if (users) users->worst_and_reset();

        const auto broken = Clock::now();
        cloud.set_mode({fault});
        const auto offline = watch.wait_for(CaptchaMode::kOffline, seconds(30));
        if (offline)
          figures.to_offline_ms.push_back(duration<double, std::milli>(*offline - broken).count());
        if (users) {
          std::this_thread::sleep_for(milliseconds(900));  // calls in flight reach their deadline
          figures.worst_register_ms.push_back(double(users->worst_and_reset().count()));
        }
        const auto restored = Clock::now();
        cloud.set_mode({});
        const auto online = watch.wait_for(CaptchaMode::kOnline, seconds(30));
        if (online)
          figures.to_online_ms.push_back(duration<double, std::milli>(*online - restored).count());
        users.reset();
        keeper.stop();
      }
      std::printf(
          "%-4s %-23s %s   %s   %s\n", name, traffic ? "with traffic (20 ms)" : "without traffic",
          summary(figures.to_offline_ms).c_str(), summary(figures.worst_register_ms).c_str(),
          summary(figures.to_online_ms).c_str());
      std::fflush(stdout);
    }
  }
  http.shutdown();
  cloud.stop();
  return 0;
}
