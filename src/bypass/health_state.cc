#include "bypass/health_state.h"

namespace gt3::bypass {

std::optional<CloudStatus> HealthState::probe(bool success, bool verdict) {
  if (success) {
    failures_ = 0;
    verdict_in_streak_ = false;
    ++successes_;
    if (status_ == CloudStatus::kFail && successes_ >= thresholds_.healthy) {
      status_ = CloudStatus::kSuccess;
      return status_;
    }
    return std::nullopt;
  }
  successes_ = 0;
  ++failures_;
  verdict_in_streak_ = verdict_in_streak_ || verdict;
  if (status_ == CloudStatus::kSuccess && failures_ >= thresholds_.unhealthy) {
    status_ = CloudStatus::kFail;
    return status_;
  }
  return std::nullopt;
}

void HealthState::passive_success() {
  if (status_ == CloudStatus::kSuccess && !verdict_in_streak_) failures_ = 0;
}

}  // namespace gt3::bypass
