// HealthState: thresholds with hysteresis, as load balancers do it (docs/design.md section 2). A
// pure state machine: feed it probe results and passive signals, it says when the status flips.
//
//  - `unhealthy_threshold` consecutive failures flip success -> fail;
//  - `healthy_threshold` consecutive successes flip fail -> success;
//  - a passive failure (a user's cloud call that timed out or was refused) counts as one failed
//    probe at once; a passive success (a user's cloud call that worked) breaks a failure streak
//    but never counts toward recovery (offline, users make no cloud calls; only probes do).
// Not thread-safe: its owner serialises calls.
#pragma once

#include <optional>

#include "gt3/status.h"

namespace gt3::bypass {

struct HealthThresholds {
  int unhealthy = 2;
  int healthy = 2;
};

class HealthState {
 public:
  explicit HealthState(HealthThresholds thresholds, CloudStatus initial = CloudStatus::kSuccess)
      : thresholds_(thresholds), status_(initial) {}

  // Each returns the new status when this event flipped it. `verdict`: the failure is the
  // availability endpoint's own answer (fail status, HTTP error, unusable body), which a user's
  // successful cloud call does not disprove; otherwise the cloud could not be reached.
  std::optional<CloudStatus> probe(bool success, bool verdict = false);
  std::optional<CloudStatus> passive_failure() { return probe(false); }
  // A user's cloud call worked: it breaks a streak of unreachable failures, not one that holds a
  // verdict (GeeTest saying "fail" must win over traffic that still gets through).
  void passive_success();

  CloudStatus status() const { return status_; }
  HealthThresholds thresholds() const { return thresholds_; }
  int consecutive_failures() const { return failures_; }
  int consecutive_successes() const { return successes_; }

 private:
  HealthThresholds thresholds_;
  CloudStatus status_;
  int failures_ = 0;
  int successes_ = 0;
  bool verdict_in_streak_ = false;
};

}  // namespace gt3::bypass
