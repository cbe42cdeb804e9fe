// Service: one running `gt3-bypass serve` (docs/design.md sections 2-5): its I/O threads, the HTTP
// client to the cloud, the status keeper (absent in failback mode), the offline parts (signer,
// single-use ledger, rate limiter), the routes and the HTTP server, built from a checked
// ServiceConfig. The demo and the integration tests run exactly this.
//
// start() decides the first status (in poll mode one bounded probe, or the fleet's fresh status
// in Redis; see StatusKeeper), then binds, so the first request is answered in the right mode;
// stop() is graceful and idempotent: it stops accepting, lets requests in flight finish within
// server.shutdown_grace, releases the fleet lease, then stops the threads. reload() changes the
// live keys (config_reload.h) while requests run. Not thread-safe between start() and stop();
// everything else is.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gt3/result.h"
#include "http/router.h"
#include "service/config.h"
#include "service/page_routes.h"

namespace boost::asio {
class io_context;
}

namespace gt3::engine {
class StatusKeeper;
}

namespace gt3::service {

// A route of the caller's (the demo's control panel), counted in the metrics and the access log
// under route "demo".
struct ExtraRoute {
  http::Method method;
  std::string path;
  http::Handler handler;
};

class Service {
 public:
  // `extra_routes` adds routes of the caller's (the demo's control panel), counted and logged under
  // route "demo"; `page_host` tells the login page whether to show that panel and which cloud
  // simulator, if any, this process runs (a demo's metrics count route "demo").
  explicit Service(ServiceConfig config, std::vector<ExtraRoute> extra_routes = {},
                   PageHost page_host = {});
  ~Service();

  Result<void> start();  // Error when the address cannot be bound
  void stop();

  // A reload with `loaded`, the configuration read again (or the error that reading it gave):
  // the live keys that changed are applied together, the requests that follow see all of them,
  // and they are returned; or nothing changes and the Error says why (`loaded`'s own error, or
  // the keys that need a restart). Each call counts in gt3_config_reloads_total. log.level is
  // the caller's (the logger is the process's). Thread-safe; reloads run one at a time.
  Result<std::vector<std::string>> reload(const Result<ServiceConfig>& loaded);

  std::uint16_t port() const;
  boost::asio::io_context& io();
  engine::StatusKeeper* keeper();  // null in failback mode
  const ServiceConfig& config() const;  // as started: reload() changes what the requests read

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace gt3::service
