// StatusRoutes: what `serve` tells about itself (docs/design.md section 5):
//
//   GET  /bypass/status    the status snapshot, the fleet's view and recent transitions (JSON;
//                          no secret ever appears in it)
//   GET  /healthz          liveness of the service itself, not of the cloud; for a poller
//                          (monitor) also whether it polls now and its last probe
//   GET  /metrics          Prometheus text exposition
//   POST /admin/override   {"mode": "auto"|"force-online"|"force-offline"} with
//                          "Authorization: Bearer <server.admin_token>" (or one of
//                          server.previous_admin_tokens, during a rotation); the tokens are
//                          compared in constant time; with no token configured the route
//                          answers 404. The tokens are the live settings' (a reload changes them)
//
// The answers of the first three carry "Cache-Control: no-store": they describe this moment.
// Thread-safe; the keeper (null in failback mode), the metrics and the live settings must outlive
// it.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <vector>

#include "gt3/clock.h"
#include "gt3/secret.h"
#include "http/request.h"
#include "http/response.h"
#include "sdk/live_snapshot.h"
#include "service/live_settings.h"
#include "service/service_metrics.h"
#include "engine/status_keeper.h"

namespace gt3::service {

struct StatusInfo {
  std::string bypass_mode;     // "poll", "instant", "failback"
  std::string offline_policy;  // "compat", ...
  // monitor: /healthz also tells whether this process polls (leader, or probing alone), the
  // fleet's view, the mode and the last probe; still 200 whatever they say (liveness).
  bool poller = false;
};

class StatusRoutes {
 public:
  StatusRoutes(engine::StatusKeeper* keeper, ServiceMetrics& metrics,
               const LiveSnapshot<LiveSettings>& live, StatusInfo info);

  boost::asio::awaitable<http::Response> status(const http::Request& request);
  boost::asio::awaitable<http::Response> healthz(const http::Request& request);
  boost::asio::awaitable<http::Response> metrics(const http::Request& request);
  boost::asio::awaitable<http::Response> admin_override(const http::Request& request);

  // The JSON of /bypass/status (also what the status page polls).
  std::string status_json() const;
  // The JSON of a poller's /healthz.
  std::string poller_health_json() const;

 private:
  engine::StatusKeeper* keeper_;
  ServiceMetrics& metrics_;
  const LiveSnapshot<LiveSettings>& live_;
  const StatusInfo info_;
  const Clock::WallTime started_at_ = SystemClock::instance().wall_now();
};

// Whether `authorization` is "Bearer <token>" for this token, in time independent of where the
// two differ (both sides are hashed first, so not even the length leaks).
bool bearer_matches(std::string_view authorization, const Secret& token);

// Whether it is "Bearer <token>" for one of `tokens`: every token is compared, each in constant
// time, so the time says neither which one matched nor where one differs.
bool bearer_matches_any(std::string_view authorization, const std::vector<Secret>& tokens);

}  // namespace gt3::service
