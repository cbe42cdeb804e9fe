// StatusKeeper: everything one process runs to know whether the GeeTest cloud is available
// (docs/design.md section 2), assembled from the bypass layer for `serve` and `monitor`:
//
//   poll     a HealthChecker probes every interval; with the memory store this process is the
//            only poller, with Redis a FleetMember competes for the fleet's lease, shares the
//            status and the override, and probes alone while the store cannot help;
//   instant  no poller: check() runs one shared probe (single flight) whose answer is reused for
//            `instant_cache`; with Redis the store carries only the override.
//
// Start-up (poll mode): start() decides the first status before it returns, so that nothing is
// served on a guess: with Redis, a fresh status in the store when there is one (cause "fleet
// store: <status>, override <override>"); otherwise one probe, whose result decides at once
// (success: online; anything else: offline, cause "startup probe: <class>"), without the
// thresholds. That first status is set, not transitioned into (no history entry, no
// gt3_transitions_total): the service was never online. start() therefore blocks for up to the
// probe timeout (with Redis, plus up to the store's command timeout) and a small margin: call it
// off the io_context's threads, with them running, before serving. Instant mode probes on demand
// and start() returns at once.
//
// The request path reads availability().mode() / snapshot() (no lock, no I/O) and reports its
// cloud calls with availability().on_cloud_call(). Thread-safe after start(); stop() is
// idempotent and releases the fleet lease. The io_context and HttpClient must outlive it.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "bypass/availability.h"
#include "bypass/health_checker.h"
#include "bypass/redis_status_store.h"
#include "gt3/bypass_captcha.h"

namespace boost::asio {
class io_context;
}

namespace gt3 {
class HttpClient;
}

namespace gt3::engine {

struct StatusKeeperSettings {
  std::string captcha_id;
  std::string bypass_url{"http://bypass.geetest.com/v1/bypass_status.php"};
  bool instant = false;  // Method 2: no poller
  bypass::CheckerOptions checker;
  std::chrono::milliseconds instant_cache{1000};
  std::optional<bypass::RedisStoreOptions> redis;  // nullopt: the memory store
};

class StatusKeeper {
 public:
  StatusKeeper(boost::asio::io_context& io, HttpClient& http, StatusKeeperSettings settings);
  ~StatusKeeper();

  void start();  // blocks for the start-up decision (above)
  void stop();

  bypass::Availability& availability() { return availability_; }
  const bypass::Availability& availability() const { return availability_; }

  // The mode for a request that is about to decide: at once when polling, after the shared
  // instant check otherwise. `done` may run inline or on an I/O thread.
  void check(std::function<void(CaptchaMode)> done);
  // The mode at once, without a callback, when polling (what check() would answer); nullopt in
  // instant mode, where only check() can decide. Lets a request skip a trip through the queue.
  std::optional<CaptchaMode> mode_now() const;

  // Applied here at once and, with Redis, on every instance.
  void set_override(gt3::Override mode);

  FleetView fleet() const;

  // How long a status written to the store stays valid: a few probe periods.
  static std::chrono::milliseconds status_ttl(const bypass::CheckerOptions& checker);

 private:
  // Poll mode: the fleet's fresh status, else one startup probe; starts the checker and member.
  void decide_first_status();
  // One probe, waited for (bounded), whose result decides the status directly.
  void startup_probe();
  void log_first_status() const;

  struct Parts;
  const StatusKeeperSettings settings_;
  bypass::Availability availability_;
  std::unique_ptr<Parts> parts_;
};

}  // namespace gt3::engine
