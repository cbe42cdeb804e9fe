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
};

struct Transition {
  Clock::WallTime at;
  CaptchaMode from = CaptchaMode::kOnline;
  CaptchaMode to = CaptchaMode::kOnline;
  std::string cause;
};

}  // namespace gt3::bypass
