// StatusSnapshot: what the service knows about availability at one moment, immutable once
// published; and Transition, one entry of the history (docs/design.md section 2).
#pragma once

#include <optional>
#include <string>

#include "bypass/cloud_status.h"
#include "bypass/probe.h"
#include "gt3/captcha_mode.h"
#include "gt3/clock.h"

namespace gt3::bypass {

struct StatusSnapshot {
  CaptchaMode mode = CaptchaMode::kOnline;    // what requests do: the override applied
  CloudStatus cloud = CloudStatus::kSuccess;  // what the checker (or the fleet's store) says
  Override override_mode = Override::kAuto;
  Clock::WallTime since;  // when `mode` last changed
  std::string cause;      // why it is what it is, for people
  std::optional<ProbeResult> last_probe;
  // When the latest offline period ended (unset: none has ended yet). With `mode`, it tells
  // whether requests ran offline at any moment since a given time (offline_since()).
  std::optional<Clock::WallTime> offline_ended;

  // True when requests ran offline at some moment at or after `time`: offline now, or an offline
  // period that ended at or after it.
  bool offline_since(Clock::WallTime time) const {
    return mode == CaptchaMode::kOffline || (offline_ended && *offline_ended >= time);
  }
};

struct Transition {
  Clock::WallTime at;
  CaptchaMode from = CaptchaMode::kOnline;
  CaptchaMode to = CaptchaMode::kOnline;
  std::string cause;
};

}  // namespace gt3::bypass
