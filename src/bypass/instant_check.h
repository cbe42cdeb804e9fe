// InstantCheck: GeeTest's "Method 2" (PROTOCOL.md section 2): the status is checked when a
// request needs it instead of by a poller. One probe is shared by every request that arrives
// while it runs (single flight), and its answer is kept for `cache_for`, so a burst of users
// costs one probe. Also the fallback of a fleet instance whose store is unreachable or stale.
//
// Results go to the Availability given (use thresholds 1/1 there for Method 2's "act on the
// answer"). Thread-safe; `done` runs inline when the cached answer is fresh, otherwise on the
// thread that completes the probe.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "bypass/availability.h"
#include "bypass/probe.h"

namespace gt3::bypass {

class InstantCheck {
 public:
  using Done = std::function<void(CaptchaMode)>;

  InstantCheck(std::shared_ptr<const Probe> probe, Availability& availability,
               std::chrono::milliseconds cache_for, const Clock& clock = SystemClock::instance());

  void check(Done done);

  // Forgets the cached answer: the next check() probes.
  void invalidate();

 private:
  struct State {
    std::mutex mutex;
    std::optional<Clock::SteadyTime> checked_at;
    bool in_flight = false;
    std::vector<Done> waiting;
  };

  std::shared_ptr<const Probe> probe_;
  Availability& availability_;
  const std::chrono::milliseconds cache_for_;
  const Clock& clock_;
  std::shared_ptr<State> state_;  // shared with the probe in flight
};

}  // namespace gt3::bypass
