#include "bypass/instant_check.h"

namespace gt3::bypass {

InstantCheck::InstantCheck(std::shared_ptr<const Probe> probe, Availability& availability,
                           std::chrono::milliseconds cache_for, const Clock& clock)
    : probe_(std::move(probe)),
      availability_(availability),
      cache_for_(cache_for),
      clock_(clock),
      state_(std::make_shared<State>()) {
  state_->last_mode = availability_.mode();
}

InstantCheck::~InstantCheck() {
  std::lock_guard lock(state_->mutex);
  state_->alive = false;
}

void InstantCheck::check(Done done) {
  bool fresh = false;
  {
    std::lock_guard lock(state_->mutex);
    fresh = state_->checked_at && clock_.now() - *state_->checked_at < cache_for_;
    if (!fresh) {
      state_->waiting.push_back(std::move(done));
      if (state_->in_flight) return;
      state_->in_flight = true;
    }
  }
  if (fresh) {
    done(availability_.mode());
    return;
  }
  // The references are used only under the state's mutex while the check is alive: the
  // destructor takes that mutex, so it waits for an answer being recorded. The probe must
  // outlive its call, so the call holds it.
  probe_->run([probe = probe_, state = state_, &availability = availability_,
               &clock = clock_](ProbeResult r) {
    std::vector<Done> waiting;
    CaptchaMode mode;
    {
      std::lock_guard lock(state->mutex);
      if (state->alive) {
        if (state->decided) {
          availability.on_probe(r);
        } else {
          availability.on_first_check(r);
          state->decided = true;
        }
        state->last_mode = availability.mode();
        state->checked_at = clock.now();
      }
      state->in_flight = false;
      waiting.swap(state->waiting);
      mode = state->last_mode;
    }
    for (auto& waiter : waiting) waiter(mode);
  });
}

void InstantCheck::invalidate() {
  std::lock_guard lock(state_->mutex);
  state_->checked_at.reset();
}

}  // namespace gt3::bypass
