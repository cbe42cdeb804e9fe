// Guarded<T>: a value that threads under test change and the test's thread awaits (at most a
// safety net), instead of sleeping and hoping. update() changes it under the lock and wakes the
// waiters; wait_until() returns false when the condition never held within the safety net.
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace gt3::testing {

template <class T>
class Guarded {
 public:
  explicit Guarded(std::chrono::milliseconds safety_net = std::chrono::seconds(20))
      : safety_net_(safety_net) {}

  // Notifies under the lock: a waiter that sees the change may return and destroy this object,
  // which must not happen while notify_all() still touches the condition.
  template <class Change>
  void update(Change change) {
    std::lock_guard lock(mutex_);
    change(value_);
    changed_.notify_all();
  }

  template <class Condition>
  bool wait_until(Condition condition) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, safety_net_, [&] { return condition(value_); });
  }

  T get() {
    std::lock_guard lock(mutex_);
    return value_;
  }

 private:
  const std::chrono::milliseconds safety_net_;
  std::mutex mutex_;
  std::condition_variable changed_;
  T value_{};
};

}  // namespace gt3::testing
