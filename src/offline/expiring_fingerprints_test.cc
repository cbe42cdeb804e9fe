#include "testing/manual_clock.h"
#include "offline/expiring_fingerprints.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>

namespace gt3::offline {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using Added = ExpiringFingerprints::Added;

constexpr milliseconds kTtl{1000};

TEST(ExpiringFingerprints, AddsOnceAndReportsPresentAfterwards) {
  ManualClock clock;
  ExpiringFingerprints set(100, clock.now());
  EXPECT_EQ(set.add(42, kTtl, clock.now(), false), Added::kAdded);
  EXPECT_EQ(set.add(42, kTtl, clock.now(), false), Added::kPresent);
  EXPECT_TRUE(set.contains(42, clock.now()));
  EXPECT_FALSE(set.contains(43, clock.now()));
  EXPECT_EQ(set.size(), 1u);
}

TEST(ExpiringFingerprints, TakesFingerprintZeroAsOne) {
  ManualClock clock;
  ExpiringFingerprints set(100, clock.now());
  EXPECT_FALSE(set.contains(0, clock.now()));
  EXPECT_EQ(set.add(0, kTtl, clock.now(), false), Added::kAdded);
  EXPECT_TRUE(set.contains(0, clock.now()));
  EXPECT_TRUE(set.contains(1, clock.now())) << "0 marks an empty slot, so it is stored as 1";
}

TEST(ExpiringFingerprints, AnEntryIsAbsentFromItsExpiryOnAndCanBeAddedAgain) {
  ManualClock clock;
  ExpiringFingerprints set(100, clock.now());
  clock.advance(std::chrono::microseconds(300));  // expiries are kept in whole milliseconds
  set.add(7, kTtl, clock.now(), false);
  clock.advance(kTtl - milliseconds(1));
  EXPECT_TRUE(set.contains(7, clock.now()));
  clock.advance(milliseconds(2));
  EXPECT_FALSE(set.contains(7, clock.now()));
  EXPECT_EQ(set.add(7, kTtl, clock.now(), false), Added::kAdded);
}

TEST(ExpiringFingerprints, RefusesWhenFullOfUnexpiredEntriesUnlessAskedToMakeRoom) {
  ManualClock clock;
  ExpiringFingerprints set(4, clock.now());
  for (std::uint64_t f = 1; f <= 4; ++f)
    ASSERT_EQ(set.add(f, f * kTtl, clock.now(), false), Added::kAdded);
  EXPECT_EQ(set.add(5, kTtl, clock.now(), false), Added::kFull);
  EXPECT_EQ(set.add(5, kTtl, clock.now(), true), Added::kAdded);
  EXPECT_FALSE(set.contains(1, clock.now())) << "the entry closest to expiry goes first";
  for (std::uint64_t f = 2; f <= 5; ++f) EXPECT_TRUE(set.contains(f, clock.now())) << f;
  EXPECT_EQ(set.size(), 4u);
}

TEST(ExpiringFingerprints, RemembersTheLatestExpiryItForgotToMakeRoom) {
  ManualClock clock;
  const auto start = clock.now();
  ExpiringFingerprints set(4, start);
  for (std::uint64_t f = 1; f <= 4; ++f) set.add(f, f * kTtl, start, false);
  EXPECT_EQ(set.forgotten_until(), std::nullopt);
  set.make_room(start);
  EXPECT_EQ(set.forgotten_until(), start + kTtl) << "entry 1 was forgotten";
  EXPECT_FALSE(set.contains(1, start));
  EXPECT_EQ(set.size(), 3u);
  set.make_room(start);
  EXPECT_EQ(set.size(), 3u) << "not full: nothing more is forgotten";
  set.add(5, 5 * kTtl, start, false);
  set.add(6, 6 * kTtl, start, true);  // full again: entry 2 is forgotten
  EXPECT_FALSE(set.contains(2, start));
  EXPECT_EQ(set.forgotten_until(), start + 2 * kTtl);
}

TEST(ExpiringFingerprints, ExpiredEntriesLeaveWithoutMovingTheForgottenExpiry) {
  ManualClock clock;
  ExpiringFingerprints set(4, clock.now());
  for (std::uint64_t f = 1; f <= 4; ++f) set.add(f, kTtl, clock.now(), false);
  clock.advance(kTtl);
  set.make_room(clock.now());
  EXPECT_EQ(set.size(), 0u);
  EXPECT_EQ(set.forgotten_until(), std::nullopt);
}

TEST(ExpiringFingerprints, RemainingIsTheTimeLeftRoundedUp) {
  ManualClock clock;
  ExpiringFingerprints set(4, clock.now());
  set.add(9, kTtl, clock.now(), false);
  EXPECT_EQ(set.remaining(9, clock.now()), kTtl);
  clock.advance(std::chrono::microseconds(400'500));
  EXPECT_EQ(set.remaining(9, clock.now()), milliseconds(600));
  EXPECT_EQ(set.remaining(8, clock.now()), std::nullopt);
  clock.advance(milliseconds(600));
  EXPECT_EQ(set.remaining(9, clock.now()), std::nullopt);
}

TEST(ExpiringFingerprints, MakesRoomFromExpiredEntriesBeforeRefusing) {
  ManualClock clock;
  ExpiringFingerprints set(4, clock.now());
  for (std::uint64_t f = 1; f <= 4; ++f) set.add(f, kTtl, clock.now(), false);
  clock.advance(kTtl);
  EXPECT_EQ(set.add(5, kTtl, clock.now(), false), Added::kAdded);
  EXPECT_EQ(set.size(), 1u);
}

TEST(ExpiringFingerprints, GrowsToHoldItsBoundAndNoFurther) {
  ManualClock clock;
  constexpr std::size_t kMax = 100'000;
  ExpiringFingerprints set(kMax, clock.now());
  EXPECT_LE(set.capacity(), 1024u) << "memory follows use";
  std::mt19937_64 random(1);
  std::vector<std::uint64_t> added;
  for (std::size_t i = 0; i < kMax; ++i) {
    added.push_back(random());
    ASSERT_EQ(set.add(added.back(), hours(1), clock.now(), false), Added::kAdded);
  }
  EXPECT_EQ(set.add(random(), hours(1), clock.now(), false), Added::kFull);
  EXPECT_LE(set.capacity() * 12, kMax * 32) << "at most 32 bytes an entry when full";
  for (const std::uint64_t f : added) ASSERT_TRUE(set.contains(f, clock.now()));
}

TEST(ExpiringFingerprints, KeepsMemoryToTheLiveEntriesNotTheHistory) {
  ManualClock clock;
  ExpiringFingerprints set(1'000'000, clock.now());
  std::uint64_t next = 1;
  for (int round = 0; round < 50; ++round) {
    for (int i = 0; i < 1000; ++i)
      set.add(next++ * 0x9E3779B97F4A7C15ULL, kTtl, clock.now(), false);
    clock.advance(kTtl);
  }
  EXPECT_LE(set.size(), 2000u);
  EXPECT_LE(set.capacity(), 4096u);
}

TEST(ExpiringFingerprints, KeepsExpiriesRightAcrossTheTwelveDayRebase) {
  ManualClock clock;
  ExpiringFingerprints set(100, clock.now());
  set.add(1, hours(1), clock.now(), false);
  set.add(2, hours(24 * 20), clock.now(), false);
  clock.advance(hours(24 * 13));
  set.add(3, hours(1), clock.now(), false);  // the base is rebased here
  EXPECT_FALSE(set.contains(1, clock.now()));
  EXPECT_TRUE(set.contains(2, clock.now()));
  EXPECT_TRUE(set.contains(3, clock.now()));
  clock.advance(hours(24 * 7) - milliseconds(1));
  EXPECT_TRUE(set.contains(2, clock.now()));
  clock.advance(milliseconds(1));
  EXPECT_FALSE(set.contains(2, clock.now()));
}

TEST(ExpiringFingerprints, ForgetsEverythingAfterALongSilence) {
  ManualClock clock;
  ExpiringFingerprints set(100, clock.now());
  set.add(1, hours(24 * 20), clock.now(), false);
  clock.advance(hours(24 * 60));  // past the 32-bit range of milliseconds since the base
  EXPECT_FALSE(set.contains(1, clock.now()));
  EXPECT_EQ(set.add(1, kTtl, clock.now(), false), Added::kAdded);
}

// Fingerprints that share their low bits make long probe runs, where a wrong deletion would lose
// or resurrect entries. The answers must match a plain map's, operation by operation.
TEST(ExpiringFingerprints, AgreesWithAReferenceMapUnderCollidingChurn) {
  ManualClock clock;
  ExpiringFingerprints set(300, clock.now());
  std::map<std::uint64_t, ManualClock::SteadyTime> reference;
  std::mt19937_64 random(7);
  for (int step = 0; step < 200'000; ++step) {
    const std::uint64_t fingerprint = ((1 + random() % 500) << 20) | (random() % 4);
    const auto now = clock.now();
    std::erase_if(reference, [&](const auto& entry) { return entry.second <= now; });
    switch (random() % 4) {
      case 0: {
        const milliseconds ttl(1 + random() % 50);
        const Added added = set.add(fingerprint, ttl, now, false);
        if (reference.contains(fingerprint)) {
          ASSERT_EQ(added, Added::kPresent) << step;
        } else if (reference.size() >= 300) {
          ASSERT_EQ(added, Added::kFull) << step;
        } else {
          ASSERT_EQ(added, Added::kAdded) << step;
          reference.emplace(fingerprint, now + ttl);
        }
        break;
      }
      case 1:
        clock.advance(milliseconds(random() % 3));
        break;
      default:
        ASSERT_EQ(set.contains(fingerprint, now), reference.contains(fingerprint)) << step;
    }
  }
}

}  // namespace
}  // namespace gt3::offline
