#include "bypass/instant_check.h"

namespace gt3::bypass {

InstantCheck::InstantCheck(std::shared_ptr<const Probe> probe, Availability& availability,
                           std::chrono::milliseconds cache_for, const Clock& clock)
    : probe_(std::move(probe)),
      availability_(availability),
      cache_for_(cache_for),
      clock_(clock),
      state_(std::make_shared<State>()) {}

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
  probe_->run([state = state_, &availability = availability_, &clock = clock_](ProbeResult r) {
    availability.on_probe(r);
    std::vector<Done> waiting;
    {
      std::lock_guard lock(state->mutex);
      state->checked_at = clock.now();
      state->in_flight = false;
      waiting.swap(state->waiting);
    }
    const CaptchaMode mode = availability.mode();
    for (auto& waiter : waiting) waiter(mode);
  });
}

void InstantCheck::invalidate() {
  std::lock_guard lock(state_->mutex);
  state_->checked_at.reset();
}

}  // namespace gt3::bypass
