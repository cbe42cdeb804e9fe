// FleetMember: one instance's part in a fleet that shares a StatusStore (docs/design.md section 2).
//
//  - the lease holder's checker probes; every other instance's checker rests;
//  - the holder writes the status to the store after each probe (so its TTL never runs out
//    while the holder lives) and every instance takes the fleet's status and override from the
//    store's events;
//  - when the store is unreachable, or its status has expired (the holder died and nobody took
//    over yet), the instance probes by itself on the same interval and keeps serving from its
//    own evidence: requests never wait for a probe; when the store is back, it rejoins;
//  - set_override() goes to the store, so that every instance sees it;
//  - on_first_answer, when set, tells once what the store said first: the fleet's fresh status
//    (already applied to the availability) or nullopt (no status there, or no store), so that a
//    starting instance knows whether it must probe before it serves.
// Thread-safe, but set_observer() before start(). The store, availability and checker must
// outlive it; stop() before destroying.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>

#include "bypass/availability.h"
#include "bypass/health_checker.h"
#include "bypass/status_store.h"

namespace gt3::bypass {

class FleetMember {
 public:
  // `status_ttl`: how long a written status stays valid, a few probe intervals.
  FleetMember(StatusStore& store, Availability& availability, HealthChecker& checker,
              std::chrono::milliseconds status_ttl);
  ~FleetMember();

  void start();
  void stop();

  void set_override(Override mode);

  // Called after every store event has been applied (tests and the status page wait on it).
  void set_observer(std::function<void()> observer) { observer_ = std::move(observer); }

  // Called once, on the store's thread, after the first state read or the first failure to reach
  // the store; set before start().
  void set_on_first_answer(std::function<void(std::optional<CloudStatus>)> on_first_answer) {
    on_first_answer_ = std::move(on_first_answer);
  }

  bool leader() const { return leader_; }
  bool store_reachable() const { return reachable_; }
  bool probing_alone() const { return alone_; }

 private:
  void update_checker();
  void first_answer(std::optional<CloudStatus> status);

  StatusStore& store_;
  Availability& availability_;
  HealthChecker& checker_;
  const std::chrono::milliseconds status_ttl_;
  std::atomic<bool> leader_{false};
  std::atomic<bool> reachable_{false};
  std::atomic<bool> stale_{true};   // no status in the store
  std::atomic<bool> alone_{false};  // probing by itself while the store cannot help
  std::atomic<bool> stopped_{false};
  std::atomic<bool> answered_{false};
  std::function<void()> observer_;                                   // set before start()
  std::function<void(std::optional<CloudStatus>)> on_first_answer_;  // set before start()
};

}  // namespace gt3::bypass
