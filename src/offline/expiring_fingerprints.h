// ExpiringFingerprints: a bounded set of 64-bit fingerprints, each with an expiry, in 12 bytes a
// slot. The table behind MemoryLedger, where a million entries must fit in tens of megabytes
// (a node-based map with a heap of expiries costs about 100 bytes an entry).
//
// Open addressing with linear probing: one array of fingerprints (0 marks an empty slot, so
// fingerprint 0 is stored as 1) and one of expiries in milliseconds after a base time (uint32).
// The table starts small and doubles up to the capacity that holds `max_entries` at a load of
// 3/4, so memory follows use.
//
// Expiry: an entry counts as absent from the moment its expiry is reached, never before (times
// are kept in whole milliseconds, rounded so that an entry may outlive its expiry by under 2 ms,
// never the reverse). Expired entries are removed without a sweeping thread: every add() checks
// two slots ahead of a cursor that walks the table; when the table is full, or the base time is
// more than 2^30 ms old (12 days), the table is rebuilt without them. A ttl beyond 2^31 ms
// (24 days) counts as 2^31 ms.
//
// When full of unexpired entries, add() refuses (kFull) or, with make_room, forgets the entries
// closest to expiry first (about 1/16 of them at once, so a saturated table pays one rebuild per
// many adds rather than one per add); make_room() does the same on its own. forgotten_until()
// remembers the latest expiry so forgotten, for owners that must not take a forgotten entry for
// a new one (MemoryLedger's claims).
//
// Not thread-safe: the owner locks. `size()` counts entries not yet removed, expired or not.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "gt3/clock.h"

namespace gt3::offline {

class ExpiringFingerprints {
 public:
  using Time = Clock::SteadyTime;
  enum class Added { kAdded, kPresent, kFull };

  ExpiringFingerprints(std::size_t max_entries, Time start);

  // Adds `fingerprint` until now + ttl; kPresent (expiry unchanged) when it is there unexpired.
  Added add(std::uint64_t fingerprint, std::chrono::milliseconds ttl, Time now, bool make_room);
  bool contains(std::uint64_t fingerprint, Time now) const;
  // How long `fingerprint` has left (at least 1 ms); nullopt when absent or expired.
  std::optional<std::chrono::milliseconds> remaining(std::uint64_t fingerprint, Time now) const;

  // When full of unexpired entries, forgets those closest to expiry (expired ones go first);
  // otherwise nothing. Afterwards there is room for one add().
  void make_room(Time now);
  // The latest expiry among the unexpired entries forgotten to make room (nullopt: none ever
  // was). It never decreases.
  std::optional<Time> forgotten_until() const { return forgotten_until_; }

  std::size_t size() const { return size_; }
  std::size_t capacity() const { return fingerprints_.size(); }

 private:
  static constexpr std::size_t kNotFound = static_cast<std::size_t>(-1);

  std::uint32_t millis_since_base(Time now) const;  // rounded down
  std::size_t find(std::uint64_t fingerprint) const;
  void place(std::uint64_t fingerprint, std::uint32_t expiry);
  void erase_at(std::size_t slot);
  void sweep_step(std::uint32_t now_ms, int slots);
  // Re-inserts every entry still alive into `capacity` slots, based at `now`; drops the entries
  // that expire at or before `drop_until` (relative to the old base).
  void rebuild(std::size_t capacity, Time now, std::uint32_t drop_until);
  std::uint32_t soonest_expiries_quantile() const;
  void forget_soonest(Time now);

  const std::size_t max_entries_;
  const std::size_t max_capacity_;
  Time base_;
  std::vector<std::uint64_t> fingerprints_;
  std::vector<std::uint32_t> expiries_;
  std::size_t size_ = 0;
  std::size_t cursor_ = 0;
  std::uint32_t soonest_ = UINT32_MAX;  // no entry expires before this (a lower bound)
  std::optional<Time> forgotten_until_;
};

}  // namespace gt3::offline
