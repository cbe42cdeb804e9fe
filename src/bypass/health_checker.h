// HealthChecker: the active side of availability. Probes every `interval` (+- jitter, measured
// from the start of one probe to the start of the next) with the probe's own deadline and feeds
// each result to Availability; never two probes at once (the next one is scheduled only after the
// previous completed). While a probe disagrees with the current status (a streak towards a flip
// has begun) the next one comes after `edge_interval` instead, as Envoy's unhealthy/healthy edge
// intervals do: an outage or a recovery is confirmed in a fraction of a period, yet a flapping
// cloud still needs the thresholds' consecutive results. Runs on an io_context; nothing it does
// blocks an I/O thread.
//
// Thread-safe: every method may be called from any thread. stop() is idempotent; a probe in
// flight at stop() completes into nothing, and when stop() returns (called off the checker's
// strand) nothing of the checker touches the Availability any more.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "bypass/availability.h"
#include "bypass/probe.h"

namespace boost::asio {
class io_context;
}

namespace gt3::bypass {

struct CheckerOptions {
  std::chrono::milliseconds interval{2000};
  std::chrono::milliseconds timeout{800};  // of one probe
  double jitter = 0.1;                     // +- this fraction of interval
  HealthThresholds thresholds;
  std::chrono::milliseconds edge_interval{0};  // 0: interval / 4
};

// Which option is wrong: the field and a rule that names no configuration key (the program maps
// fields to its own key names), e.g. {kTimeout, "must be below the interval (2000 ms), so that
// probes never overlap"}.
enum class CheckerField { kInterval, kTimeout, kJitter, kUnhealthyThreshold, kHealthyThreshold,
                          kEdgeInterval };
struct CheckerProblem {
  CheckerField field;
  std::string rule;
};

// nullopt when valid.
std::optional<CheckerProblem> check_options(const CheckerOptions& options);

class HealthChecker {
 public:
  HealthChecker(boost::asio::io_context& io, std::shared_ptr<const Probe> probe,
                Availability& availability, CheckerOptions options);
  ~HealthChecker();

  void start();
  void stop();

  // Later probes use this one (a reconfigured id or URL).
  void set_probe(std::shared_ptr<const Probe> probe);

  // Whether this instance probes: in a fleet only the lease holder does.
  void set_active(bool active);

  // Probes at once instead of waiting for the rest of the interval.
  void check_now();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace gt3::bypass
