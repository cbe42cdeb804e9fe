// LiveSnapshot<T>: a value that every request reads and that a configuration reload replaces now
// and then, read without a lock and without a shared counter on the request path (internal,
// shared by the layers, not installed).
//
// publish() makes an immutable copy of the value current. read() returns the current copy as
// this thread last took it: one atomic load of the generation and a look-up in a small
// thread-local cache. Only the first read() on a thread after a publish() takes the mutex, to
// take its reference to the new copy; so readers never contend with each other nor bounce a
// reference count between cores. A copy is freed by reference counting when the snapshot and
// every thread that took it have moved on to a newer one (or ended): safe reclamation, paid once
// per thread per publish. A reader sees either the old value or the new one, never a mix.
//
// The reference read() returns stays valid until this thread calls read() on the same snapshot
// again, or ends. A coroutine must not keep it across a suspension (it may resume on another
// thread while this one reads again and frees the copy): use it at once, or take share() to hold
// a copy for longer. T must own what it holds: a copy may outlive the LiveSnapshot in the caches
// of the threads that read it, until each first reads another snapshot, or ends.
//
// Thread-safe: read(), share() and publish() may run concurrently on any threads.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>

namespace gt3 {

namespace live_snapshot_detail {

// One thread's copy of one snapshot's value.
struct CachedCopy {
  std::uint64_t owner = 0;       // the LiveSnapshot's id; ids are never reused
  std::uint64_t generation = 0;  // of `copy`; 0: none taken yet
  std::shared_ptr<const void> copy;
  std::weak_ptr<const void> owner_alive;  // expired once the LiveSnapshot is gone
};

// This thread's entry for snapshot `owner`, added (with generation 0) when there is none; adding
// one also drops the entries of snapshots that are gone. The reference is valid until the next
// call on this thread.
CachedCopy& cached_copy(std::uint64_t owner, const std::shared_ptr<const void>& owner_alive);

std::uint64_t next_snapshot_id();

}  // namespace live_snapshot_detail

template <class T>
class LiveSnapshot {
 public:
  explicit LiveSnapshot(T first) : current_(std::make_shared<const T>(std::move(first))) {}
  LiveSnapshot(const LiveSnapshot&) = delete;
  LiveSnapshot& operator=(const LiveSnapshot&) = delete;

  const T& read() const {
    live_snapshot_detail::CachedCopy& cached = live_snapshot_detail::cached_copy(id_, alive_);
    if (cached.generation != generation_.load(std::memory_order_acquire)) {
      std::lock_guard lock(mutex_);
      cached.copy = current_;
      cached.generation = generation_.load(std::memory_order_relaxed);
    }
    return *static_cast<const T*>(cached.copy.get());
  }

  std::shared_ptr<const T> share() const {
    std::lock_guard lock(mutex_);
    return current_;
  }

  void publish(T next) {
    std::shared_ptr<const T> replaced = std::make_shared<const T>(std::move(next));
    {
      std::lock_guard lock(mutex_);
      current_.swap(replaced);
      generation_.store(generation_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
    }
    // `replaced` (the old copy) goes here, outside the lock, unless a thread still caches it.
  }

 private:
  const std::uint64_t id_ = live_snapshot_detail::next_snapshot_id();
  const std::shared_ptr<const void> alive_ = std::make_shared<const char>('\0');
  mutable std::mutex mutex_;
  std::shared_ptr<const T> current_;          // guarded by mutex_
  std::atomic<std::uint64_t> generation_{1};  // written under mutex_, with current_
};

}  // namespace gt3
