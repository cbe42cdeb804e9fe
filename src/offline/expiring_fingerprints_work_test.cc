// ExpiringFingerprints does bounded work per call (no O(capacity) pass inside one add) and keeps
// its answers right while a doubling migrates entries and while a pass forgets them. Work is
// counted in slots touched, never timed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>

#include "offline/expiring_fingerprints.h"
#include "testing/manual_clock.h"

namespace gt3::offline {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using Added = ExpiringFingerprints::Added;
using Time = ExpiringFingerprints::Time;

// The most slots one call may touch, whatever the capacity: a quantile sample of 1,024 slots
// (once per ~N/16 adds when saturated), a few cleaning steps of 64 slots with the shifts of their
// removals, migration steps, and probes. Measured: 1,202 and 1,987 in the two tests below. A
// rebuild of their tables touches 2^19 slots.
constexpr std::size_t kMostSlotsACall = 4096;

TEST(ExpiringFingerprintsWork, NoCallTouchesMoreThanAFixedNumberOfSlotsWhileGrowingOrSaturated) {
  ManualClock clock;
  constexpr std::size_t kMax = 200'000;
  ExpiringFingerprints set(kMax, clock.now());
  std::mt19937_64 random(3);
  std::size_t most = 0;
  for (std::size_t i = 0; i < kMax + kMax / 2; ++i) {
    clock.advance(std::chrono::microseconds(10));
    ASSERT_EQ(set.add(random(), hours(1), clock.now(), /*make_room=*/true), Added::kAdded) << i;
    most = std::max(most, set.slots_touched_by_last_call());
    ASSERT_LE(set.size(), kMax);
  }
  EXPECT_EQ(set.capacity(), 524'288u) << "grew through nine doublings";
  EXPECT_TRUE(set.forgotten_until().has_value()) << "and forgot to make room";
  EXPECT_LE(most, kMostSlotsACall);
}

// Full with entries expiring all the time, used as MemoryLedger does (make room, then add, or
// add making room): a full table looks for expired entries before it forgets, and that must not
// turn into a walk over the whole table either.
TEST(ExpiringFingerprintsWork, NoCallTouchesMoreThanAFixedNumberOfSlotsWhenFullAndExpiring) {
  ManualClock clock;
  constexpr std::size_t kMax = 100'000;
  ExpiringFingerprints set(kMax, clock.now());
  std::mt19937_64 random(4);
  std::size_t most = 0;
  for (std::size_t i = 0; i < 4 * kMax; ++i) {
    if (i % 16 == 0) clock.advance(milliseconds(1));
    const milliseconds ttl(6'000 + random() % 2'000);  // about as many live as the bound
    const bool make_room = i % 2 == 0;  // else make room first, as MemoryLedger's claims do
    if (!make_room) {
      set.make_room(clock.now());
      most = std::max(most, set.slots_touched_by_last_call());
    }
    ASSERT_EQ(set.add(random(), ttl, clock.now(), make_room), Added::kAdded) << i;
    most = std::max(most, set.slots_touched_by_last_call());
  }
  EXPECT_LE(most, kMostSlotsACall);
}

TEST(ExpiringFingerprintsWork, FindsEveryEntryInBothTablesWhileMigrating) {
  ManualClock clock;
  ExpiringFingerprints set(10'000, clock.now());
  std::mt19937_64 random(5);
  std::vector<std::uint64_t> added;
  for (int i = 0; i < 769; ++i) {  // the 769th passes 3/4 of the first 1,024 slots
    added.push_back(random());
    ASSERT_EQ(set.add(added.back(), hours(1), clock.now(), false), Added::kAdded);
  }
  ASSERT_EQ(set.capacity(), 2048u);
  for (int i = 0; i < 200; ++i) {
    for (const std::uint64_t f : added) ASSERT_TRUE(set.contains(f, clock.now())) << i;
    ASSERT_EQ(set.add(added[i], hours(1), clock.now(), false), Added::kPresent) << i;
    added.push_back(random());
    ASSERT_EQ(set.add(added.back(), hours(1), clock.now(), false), Added::kAdded) << i;
  }
  EXPECT_EQ(set.size(), added.size());
}

// The key's old copy lies near the end of the old table, so it is moved last; it expires and is
// added again before the migration reaches it. The new copy is the one that counts.
TEST(ExpiringFingerprintsWork, ReAddsAKeyWhoseOldCopyExpiredDuringAMigration) {
  ManualClock clock;
  ExpiringFingerprints set(10'000, clock.now());
  std::mt19937_64 random(6);
  constexpr std::uint64_t kLate = 1000;  // home slot 1000 of 1,024
  ASSERT_EQ(set.add(kLate, milliseconds(10), clock.now(), false), Added::kAdded);
  for (int i = 0; i < 768; ++i) set.add(random(), hours(1), clock.now(), false);
  ASSERT_EQ(set.capacity(), 2048u) << "the 769th add started a migration";
  clock.advance(milliseconds(10));
  EXPECT_FALSE(set.contains(kLate, clock.now()));
  EXPECT_EQ(set.add(kLate, milliseconds(500), clock.now(), false), Added::kAdded);
  EXPECT_EQ(set.remaining(kLate, clock.now()), milliseconds(500));
  EXPECT_EQ(set.size(), 769u) << "the expired copy no longer counts";
  for (int i = 0; i < 200; ++i) set.add(random(), hours(1), clock.now(), false);
  EXPECT_EQ(set.remaining(kLate, clock.now()), milliseconds(500)) << "after the migration";
  EXPECT_EQ(set.size(), 969u);
  clock.advance(milliseconds(500));
  EXPECT_FALSE(set.contains(kLate, clock.now()));
}

// A plain map of what must be there. Entries expiring at or before forgotten_until() may have
// been forgotten: whichever the set answers for them is taken (and a forgotten one leaves the
// map); every other answer must match, operation by operation.
class Reference {
 public:
  explicit Reference(ExpiringFingerprints& set) : set_(set) {}

  bool may_be_forgotten(std::uint64_t fingerprint) const {
    const auto horizon = set_.forgotten_until();
    return horizon && entries_.at(fingerprint) <= *horizon;
  }
  // Whether the set must hold `fingerprint` at `now` (expired entries are dropped first).
  bool holds(std::uint64_t fingerprint, Time now) {
    if (now != purged_at_) {
      std::erase_if(entries_, [&](const auto& entry) { return entry.second <= now; });
      purged_at_ = now;
    }
    return entries_.contains(fingerprint);
  }
  void check_contains(std::uint64_t fingerprint, Time now, int step) {
    const bool present = set_.contains(fingerprint, now);
    if (holds(fingerprint, now) && may_be_forgotten(fingerprint)) {
      if (!present) entries_.erase(fingerprint);
      return;
    }
    ASSERT_EQ(present, entries_.contains(fingerprint)) << step;
  }
  void check_add(std::uint64_t fingerprint, milliseconds ttl, Time now, bool make_room,
                 std::size_t max, int step) {
    const bool known = holds(fingerprint, now);
    const bool lenient = known && may_be_forgotten(fingerprint);
    const std::size_t live = entries_.size();
    const Added added = set_.add(fingerprint, ttl, now, make_room);
    if (lenient) {
      if (added == Added::kAdded) entries_[fingerprint] = now + ttl;
      if (added == Added::kFull) entries_.erase(fingerprint);  // forgotten, and no room
      return;
    }
    if (known) {
      ASSERT_EQ(added, Added::kPresent) << step;
    } else if (!make_room && live >= max && !set_.forgotten_until()) {
      ASSERT_EQ(added, Added::kFull) << step;
    } else if (make_room || live < max) {
      ASSERT_EQ(added, Added::kAdded) << step;
      entries_[fingerprint] = now + ttl;
    } else if (added == Added::kAdded) {
      entries_[fingerprint] = now + ttl;  // room made by forgetting earlier: either answer
    }
  }

 private:
  ExpiringFingerprints& set_;
  std::map<std::uint64_t, Time> entries_;
  Time purged_at_{};
};

// Fingerprints share their low bits in eight groups, so probe runs are long and cross the
// migration cursor; the set grows through doublings (entries live long at first), then churns
// full of short lives, forgetting to make room for half the adds.
TEST(ExpiringFingerprintsWork, AgreesWithAReferenceMapAcrossMigrationsAndForgetting) {
  ManualClock clock;
  constexpr std::size_t kMax = 2'500;
  ExpiringFingerprints set(kMax, clock.now());
  Reference reference(set);
  std::mt19937_64 random(8);
  for (int step = 0; step < 300'000; ++step) {
    const std::uint64_t id = 1 + random() % 6'000;
    const std::uint64_t fingerprint = (id << 20) | ((id % 8) << 7);
    const bool growing = step < 60'000;
    const auto now = clock.now();
    switch (random() % 8) {
      case 0:
      case 1:
      case 2:
      case 3: {
        const milliseconds ttl(growing ? 100'000 : 1 + random() % 400);
        const bool make_room = !growing && random() % 2 == 0;
        reference.check_add(fingerprint, ttl, now, make_room, kMax, step);
        break;
      }
      case 4:
        clock.advance(milliseconds(growing ? 0 : random() % 3));
        break;
      default:
        reference.check_contains(fingerprint, now, step);
    }
    if (HasFatalFailure()) return;
  }
  EXPECT_EQ(set.capacity(), 4096u);
  EXPECT_TRUE(set.forgotten_until().has_value());
}

}  // namespace
}  // namespace gt3::offline
