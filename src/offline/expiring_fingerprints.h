// ExpiringFingerprints: a bounded set of 64-bit fingerprints, each with an expiry, in 12 bytes a
// slot. The table behind MemoryLedger, where a million entries must fit in tens of megabytes
// (a node-based map with a heap of expiries costs about 100 bytes an entry).
//
// Open addressing with linear probing (FingerprintSlots): fingerprint 0 marks an empty slot, so
// fingerprint 0 is stored as 1; expiries are milliseconds after a base time (uint32). The table
// starts small and doubles up to the capacity that holds `max_entries` at a load of 3/4, so
// memory follows use.
//
// Bounded work per call: add() and make_room() touch a fixed number of slots (a few thousand at
// most, probes aside), never the whole table, so that the thread calling them never stalls on a
// big one.
// - Doubling is incremental: the doubled table is made (zero pages, not cleared) and the old one
//   kept, and every add() moves the next few old slots over, in order; lookups look in both. The
//   migration is done after 1/32 of the new capacity in adds, long before the new one could need
//   to double. Memory during a migration stays near the new table's alone: the new table is
//   written in two fronts that follow the migration (adds whose home lies ahead of it go to the
//   old table, to be moved with the rest), and the old one is given back to the kernel behind it
//   96 KiB at a time (freeing it at once would take milliseconds). Held at once before, the old
//   and the new table came to 1.5 times the new one, in every table of a process that doubled
//   together.
// - Forgetting (below) is a horizon and a cleaning pass, not a rebuild.
// The exceptions: the rebase of expiries every 2^30 ms (12 days), one rebuild of the table with
// twice its memory for that moment; and add() without make_room on a full table (below).
//
// Expiry: an entry counts as absent from the moment its expiry is reached, never before (times
// are kept in whole milliseconds, rounded so that an entry may outlive its expiry by under 2 ms,
// never the reverse). Expired entries are removed without a sweeping thread: every add() checks
// two slots ahead of a cursor that walks the table. When the table is full and an entry may
// have expired, the cursor runs a cleaning pass, 64 slots a step, until it has freed a slot;
// a pass that comes round the table finds the true soonest expiry, so a table full of unexpired
// entries answers at once until that moment. Expired entries that are few cannot be found in a
// few steps: a caller that allows forgetting (make_room) forgets after 4 steps, and the expired
// ones go with the forgotten; add() without make_room keeps looking, up to one pass, so as to
// refuse only a table truly full (callers that cannot afford that make room first, as
// MemoryLedger does). A ttl beyond 2^31 ms (24 days) counts as 2^31 ms.
//
// When full of unexpired entries, add() refuses (kFull) or, with make_room, forgets the entries
// closest to expiry first: it picks the expiry below which about 1/16 of them lie (from an even
// sample of 1,024 slots), and a cleaning pass removes every entry expiring at or before it. The
// pass frees slots faster than adds take them (they are spread over the table, 1.5 or more in
// every 64 slots), and an add() that finds the table still full cleans further (after 4 steps,
// it forgets anew), so the count of entries never passes max_entries. A forgotten entry may still
// be found until the pass reaches it (within capacity / 64 adds): it is remembered longer, never
// less. An entry added during the pass that expires at or before the horizon may be forgotten with
// them. make_room() does the same on its own. forgotten_until() remembers the latest expiry so
// forgotten, for owners that must not take a forgotten entry for a new one (MemoryLedger's claims).
//
// Not thread-safe: the owner locks. `size()` counts entries not yet removed, expired or
// forgotten or not; it never exceeds max_entries.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "gt3/clock.h"
#include "offline/fingerprint_slots.h"

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
  // Slots of the table entries go to (during a migration, the old table's half as many too).
  std::size_t capacity() const { return table_.capacity(); }
  // Whether a doubling is under way (entries are still in the table before it).
  bool migrating() const { return !old_.empty(); }
  // Slots read or written by the last add() or make_room(): what the tests bound.
  std::size_t slots_touched_by_last_call() const { return slots_touched_by_last_call_; }

 private:
  static constexpr std::size_t kNotFound = FingerprintSlots::kNotFound;

  std::uint32_t millis_since_base(Time now) const;                            // rounded down
  std::uint32_t expiry_after(std::chrono::milliseconds ttl, Time now) const;  // rounded up
  bool is_dead(std::uint32_t expiry, std::uint32_t now_ms) const;
  std::optional<std::uint32_t> expiry_of(std::uint64_t fingerprint) const;
  std::size_t find_unmigrated(std::uint64_t fingerprint) const;

  Added add_uncounted(std::uint64_t fingerprint, std::chrono::milliseconds ttl, Time now,
                      bool make_room);
  void make_room_uncounted(Time now);
  bool free_a_slot(std::uint32_t now_ms, bool forget);
  bool forget_soonest(std::uint32_t now_ms);
  std::optional<std::uint32_t> soonest_expiries_quantile(std::uint32_t now_ms) const;

  void place(std::uint64_t fingerprint, std::uint32_t expiry);
  void note_expiry(std::uint32_t expiry);
  void start_doubling();
  void start_pass(std::uint32_t drop_until);
  void clean(std::uint32_t now_ms, bool fast);
  void migrate(std::uint32_t now_ms, std::size_t slots);
  void sweep(std::uint32_t now_ms, std::size_t slots);
  void end_cycle();
  void rebase(Time now);

  const std::size_t max_entries_;
  const std::size_t max_capacity_;
  Time base_;
  FingerprintSlots table_;
  // During a migration, the table before the doubling; its slots below `migrated_` have been
  // moved over (or dropped). Otherwise empty.
  FingerprintSlots old_;
  std::size_t migrated_ = 0;
  std::size_t passed_empty_ = 0;  // the last empty old slot below migrated_ (0 at first)
  FingerprintSlots retired_;  // the old table after a migration, given back a step an add
  std::size_t size_ = 0;      // in both tables
  std::size_t cursor_ = 0;
  std::size_t cycle_left_;  // slots of table_ the cursor has still to visit to come round
  // Whether a cleaning pass is under way (the cursor goes kCleanStep slots an add until it has
  // come round), and the horizon up to which it forgets (0: it only removes expired entries).
  bool cleaning_ = false;
  std::uint32_t drop_until_ = 0;
  std::uint32_t soonest_ = UINT32_MAX;        // no entry expires before this (a lower bound)
  std::uint32_t cycle_soonest_ = UINT32_MAX;  // the same, for entries seen since the cycle began
  std::optional<Time> forgotten_until_;
  mutable std::size_t slots_touched_ = 0;  // ever: the calls' work is told by differences
  std::size_t slots_touched_by_last_call_ = 0;
};

}  // namespace gt3::offline
