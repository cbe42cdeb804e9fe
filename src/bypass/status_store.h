// StatusStore: where a fleet of instances shares the cloud's status and the override, and
// decides which one instance polls (docs/design.md section 2).
//
// Contract for implementations:
//  - start() begins background work and returns at once; stop() ends it (idempotent) and,
//    for a store with a lease, releases the lease when this instance holds it;
//  - no method blocks the caller on I/O: writes are queued and done on the store's own thread;
//  - Events are called on the store's own thread(s), never concurrently with each other, and
//    never while the caller of a write is inside it;
//  - on_state is called with the shared state whenever it may have changed: at start, on every
//    change announced by any instance (this one included), after a reconnection, and when the
//    stored status expires (then `status` is nullopt);
//  - on_reachable(false) when the store cannot be reached, (true) when it can again;
//  - on_leader(true) when this instance became the fleet's poller, (false) when it lost it.
#pragma once

#include <chrono>
#include <functional>
#include <optional>

#include "gt3/status.h"

namespace gt3::bypass {

struct SharedState {
  std::optional<CloudStatus> status;  // nullopt: absent or expired
  Override override_mode = Override::kAuto;

  friend bool operator==(const SharedState&, const SharedState&) = default;
};

class StatusStore {
 public:
  struct Events {
    std::function<void(const SharedState&)> on_state;
    std::function<void(bool reachable)> on_reachable;
    std::function<void(bool leader)> on_leader;
  };

  virtual ~StatusStore() = default;

  virtual void start(Events events) = 0;
  virtual void stop() = 0;

  // Stores the status for `ttl` (after which it reads as absent) and announces it.
  virtual void write_status(CloudStatus status, std::chrono::milliseconds ttl) = 0;

  // Stores the override (no expiry) and announces it.
  virtual void write_override(Override mode) = 0;
};

}  // namespace gt3::bypass
