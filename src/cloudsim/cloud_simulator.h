// CloudSimulator: `gt3-bypass cloudsim`, the stand-in for the GeeTest cloud that the tests, the
// benchmarks and the demo run against (docs/design.md section 6). Two listeners:
//
//   cloud    GET|POST /v1/bypass_status.php   GET /register.php   POST /validate.php
//            GET /sim/solve?gt=&challenge=     (what the project's widget calls for a solve)
//   control  GET /__control   -> modes and per-endpoint request counters
//            POST /__control  {"mode": "hang", "endpoint": "register"}  (endpoint optional)
//
// The control listener is separate so that `down` can close the cloud's port and still be undone.
// The cloud listener applies the limits of the real cloud's front end (front_end_limits.h) unless
// the options turn them off; the control listener has none of them. A request refused there
// reaches no endpoint: no counter counts it and no fault mode applies.
// Thread-safe; runs on the given io_context's threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cloudsim/cloud_state.h"
#include "cloudsim/fault_plan.h"
#include "cloudsim/front_end_limits.h"
#include "gt3/clock.h"
#include "gt3/result.h"

namespace boost::asio {
class io_context;
}

namespace gt3::cloudsim {

struct CloudSimulatorOptions {
  std::string listen = "127.0.0.1:0";
  std::string control = "127.0.0.1:0";
  std::vector<App> apps;  // empty: demo_app()
  FaultMode mode;         // at start, for the whole cloud
  // The real cloud's front end: 414/431/413 past 8 KiB. nullopt: none, every size is served.
  std::optional<FrontEndLimits> front_end = FrontEndLimits{};
  // Challenges remembered at once, the oldest forgotten first (a few hundred bytes each).
  std::size_t max_challenges = CloudState::Options{}.max_challenges;
};

struct RequestCounters {
  std::uint64_t bypass = 0;
  std::uint64_t register_ = 0;
  std::uint64_t validate = 0;
  std::uint64_t solve = 0;
};

class CloudSimulator {
 public:
  CloudSimulator(boost::asio::io_context& io, CloudSimulatorOptions options,
                 const Clock& clock = SystemClock::instance());
  ~CloudSimulator();

  Result<void> start();  // binds both listeners
  void stop();           // releases hanging requests, closes both listeners

  std::uint16_t cloud_port() const;
  std::uint16_t control_port() const;
  const std::vector<App>& apps() const;

  // What POST /__control does.
  void set_mode(FaultMode mode, std::optional<Endpoint> endpoint = std::nullopt);
  FaultMode mode(Endpoint endpoint) const;
  RequestCounters counters() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace gt3::cloudsim
