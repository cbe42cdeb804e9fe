// Monitor: one running `gt3-bypass monitor` (docs/fleets.md): the fleet's availability poller,
// writing the status to Redis for app servers that read the key themselves, and, when
// monitor.listen is set, an HTTP listener of its own with
//
//   GET /healthz   liveness, and whether this monitor polls now (it holds the lease, or probes
//                  alone), the fleet's view and its last probe (StatusRoutes, poller form)
//   GET /metrics   the probes, transitions, mode, fleet and build series, and the requests of
//                  these two routes (ServiceMetrics, scope monitor)
//
// the same routes and metrics as serve's, so the alert rules (deploy/prometheus) read a monitor
// as they read a serve instance. The listener takes the server's default limits, with a small
// connection cap: it is for a scraper and a health checker.
//
// start() decides the first status as serve does (the fleet's fresh status, or one bounded
// probe; it blocks for up to the probe timeout plus the store's command timeout), then binds;
// stop() releases the lease; both idempotent. The configuration must have passed load_config;
// run_monitor checks that store.kind is redis and bypass.mode poll. Not thread-safe between
// start() and stop(); port() and keeper() are.
#pragma once

#include <cstdint>
#include <memory>

#include "gt3/result.h"
#include "service/config.h"

namespace gt3::engine {
class StatusKeeper;
}

namespace gt3::service {

class Monitor {
 public:
  explicit Monitor(ServiceConfig config);
  ~Monitor();
  Monitor(const Monitor&) = delete;
  Monitor& operator=(const Monitor&) = delete;

  Result<void> start();  // Error when monitor.listen cannot be bound
  void stop();

  std::uint16_t port() const;  // 0 without monitor.listen
  engine::StatusKeeper& keeper();
  const ServiceConfig& config() const;

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace gt3::service
