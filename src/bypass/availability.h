// Availability: the one place that decides whether requests run online or offline, from probe
// results, passive signals, the fleet's shared state and the manual override.
//
// The request path calls mode() (one atomic load, no lock, no I/O) or snapshot() (an atomically
// swapped immutable snapshot). Inputs are serialised by a mutex; listeners run after a change,
// outside that mutex, on the thread that made the change.
// Every transition of the mode is kept in a bounded history and logged at info level. The first
// status is set, not transitioned into: the one a poller decides at start-up (between
// begin_start() and end_start()), and the first instant check's (on_first_check()). Before it,
// "online" is only a placeholder, so a service that starts during an outage shows no
// online -> offline switch it never made.
#pragma once

#include <atomic>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "bypass/health_state.h"
#include "bypass/status_store.h"
#include "gt3/reason.h"
#include "gt3/status.h"

namespace gt3::bypass {

class Availability {
 public:
  using Listener = std::function<void(const StatusSnapshot&)>;

  explicit Availability(HealthThresholds thresholds, const Clock& clock = SystemClock::instance(),
                        std::size_t history_size = 64);

  CaptchaMode mode() const { return mode_.load(std::memory_order_acquire); }
  std::shared_ptr<const StatusSnapshot> snapshot() const;
  std::vector<Transition> history() const;  // oldest first

  // A probe of this instance's checker; returns the cloud status it left (so that the caller
  // need not touch this object again after the listeners ran).
  CloudStatus on_probe(const ProbeResult& result);

  // The one probe a poller runs before it serves (docs/design.md section 2, start-up): its result
  // decides the status directly, without the thresholds' consecutive results (success: online,
  // anything else: offline), with the cause "startup probe: <class>". Later probes count as usual.
  void on_startup_probe(const ProbeResult& result);

  // The first check of instant mode (Method 2, no poller, nothing served before it): its result
  // sets the status as the start-up probe does, with the cause "first check: <class>", and
  // records no transition. Later checks go to on_probe() and switch as usual.
  void on_first_check(const ProbeResult& result);

  // Brackets the start-up decision: in between, a change of the mode updates the status and its
  // cause but records no transition (no history, no log line, no transition listener), and the
  // fleet's status always names itself as the cause, even when it confirms the placeholder.
  void begin_start();
  void end_start();

  // The outcome of a user's cloud call (register or validate): unreachable reasons count as a
  // failed probe at once; kOk breaks a failure streak.
  void on_cloud_call(Reason reason);

  // The fleet's state from the store: its status (when present) replaces this instance's view,
  // its override replaces the local one.
  void on_shared_state(const SharedState& state);

  void set_override(Override mode);

  // Called after every change of the snapshot (mode, status, override, last probe).
  void add_listener(Listener listener);

  // Called for every probe given to on_probe(), and for every transition of the mode (metrics).
  void add_probe_listener(std::function<void(const ProbeResult&)> listener);
  void add_transition_listener(std::function<void(const Transition&)> listener);

  // Called when this instance's own evidence flipped the cloud status: what a fleet's poller
  // writes to the store.
  void set_on_status_flip(std::function<void(CloudStatus)> on_flip);

 private:
  // What one change tells the listeners.
  struct Change {
    std::shared_ptr<const StatusSnapshot> snapshot;
    std::optional<Transition> transition;
    std::optional<CloudStatus> flipped;
    const ProbeResult* probe = nullptr;
  };

  // Re-derives the snapshot after a change; `always_cause` records the cause even when nothing
  // visible changed (the start-up decision says why the service started as it did). `sets`: the
  // change is the first decision, as between begin_start() and end_start(): no transition.
  Change publish_locked(std::string cause, std::optional<ProbeResult> probe,
                        bool always_cause = false, bool sets = false);
  // The status from one probe's result directly, without the thresholds (start-up, first check).
  void decide_from_probe(const ProbeResult& result, std::string_view cause_prefix, bool sets);
  void notify(const Change& change);

  const Clock& clock_;
  const std::size_t history_size_;

  mutable std::mutex mutex_;
  HealthState health_;
  Override override_ = Override::kAuto;
  bool starting_ = false;  // between begin_start() and end_start()
  std::deque<Transition> history_;
  std::vector<Listener> listeners_;
  std::vector<std::function<void(const ProbeResult&)>> probe_listeners_;
  std::vector<std::function<void(const Transition&)>> transition_listeners_;
  std::function<void(CloudStatus)> on_flip_;

  std::atomic<CaptchaMode> mode_{CaptchaMode::kOnline};
  // A short lock of its own rather than std::atomic<std::shared_ptr>: ThreadSanitizer does not
  // see libstdc++ 12's lock bit in that type and reports its loads and stores as races.
  mutable std::mutex snapshot_mutex_;
  std::shared_ptr<const StatusSnapshot> snapshot_;
};

}  // namespace gt3::bypass
