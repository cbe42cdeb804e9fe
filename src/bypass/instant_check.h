// InstantCheck: GeeTest's "Method 2" (docs/protocol.md section 2): the status is checked when a
// request needs it instead of by a poller. One probe is shared by every request that arrives
// while it runs (single flight), and its answer is kept for `cache_for`, so a burst of users
// costs one probe. Also the fallback of a fleet instance whose store is unreachable or stale.
//
// Results go to the Availability given (use thresholds 1/1 there for Method 2's "act on the
// answer"); the first one sets the status without a transition (Availability::on_first_check),
// since nothing was served on the placeholder before it. Thread-safe; `done` runs inline when the
// cached answer is fresh, otherwise on the thread that completes the probe. The InstantCheck may be
// destroyed (before its Availability) while a probe is in flight: the probe's answer then goes
// nowhere, and the requests waiting on it get the last mode this check saw.
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
  ~InstantCheck();
  InstantCheck(const InstantCheck&) = delete;
  InstantCheck& operator=(const InstantCheck&) = delete;

  void check(Done done);

  // Forgets the cached answer: the next check() probes.
  void invalidate();

 private:
  struct State {
    std::mutex mutex;
    bool alive = true;     // false once the InstantCheck is gone: availability_ may be too
    bool decided = false;  // a probe's result has set the status (the first one decides)
    CaptchaMode last_mode = CaptchaMode::kOnline;
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
