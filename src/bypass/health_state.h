// HealthState: thresholds with hysteresis, as load balancers do it (DESIGN.md section 2). A
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

#include "bypass/cloud_status.h"

namespace gt3::bypass {

struct HealthThresholds {
  int unhealthy = 2;
  int healthy = 2;
};

class HealthState {
 public:
  explicit HealthState(HealthThresholds thresholds, CloudStatus initial = CloudStatus::kSuccess)
      : thresholds_(thresholds), status_(initial) {}

  // Each returns the new status when this event flipped it.
  std::optional<CloudStatus> probe(bool success);
  std::optional<CloudStatus> passive_failure() { return probe(false); }
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
};

}  // namespace gt3::bypass
