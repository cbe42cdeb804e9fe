#include "bypass/fleet_member.h"

#include <spdlog/spdlog.h>

namespace gt3::bypass {

FleetMember::FleetMember(StatusStore& store, Availability& availability, HealthChecker& checker,
                         std::chrono::milliseconds status_ttl)
    : store_(store), availability_(availability), checker_(checker), status_ttl_(status_ttl) {}

FleetMember::~FleetMember() { stop(); }

void FleetMember::start() {
  // The holder keeps the shared status fresh with its own view after every probe.
  availability_.add_listener([this](const StatusSnapshot& snapshot) {
    if (leader_ && !stopped_) store_.write_status(snapshot.cloud, status_ttl_);
  });
  store_.start({
      [this](const SharedState& state) {
        stale_ = !state.status.has_value();
        if (!leader_)
          availability_.on_shared_state(state);
        else
          availability_.on_shared_state({std::nullopt, state.override_mode});
        update_checker();
        first_answer(state.status);
      },
      [this](bool reachable) {
        reachable_ = reachable;
        if (!reachable) spdlog::warn("bypass: the status store is unreachable; probing alone");
        update_checker();
        if (!reachable) first_answer(std::nullopt);
      },
      [this](bool leader) {
        leader_ = leader;
        spdlog::info("bypass: {} the fleet's poller", leader ? "became" : "is no longer");
        update_checker();
      },
  });
}

void FleetMember::stop() {
  if (stopped_.exchange(true)) return;
  store_.stop();
}

void FleetMember::set_override(Override mode) {
  // Applied here at once, and through the store everywhere else (and here again, harmlessly).
  availability_.set_override(mode);
  store_.write_override(mode);
}

void FleetMember::update_checker() {
  const bool alone = !leader_ && (!reachable_ || stale_);
  alone_ = alone;
  checker_.set_active(leader_ || alone);
  if (observer_) observer_();
}

void FleetMember::first_answer(std::optional<CloudStatus> status) {
  if (answered_.exchange(true) || !on_first_answer_) return;
  on_first_answer_(status);
}

}  // namespace gt3::bypass
