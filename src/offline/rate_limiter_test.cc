#include "testing/manual_clock.h"
#include "offline/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <string>
#include <thread>
#include <vector>

namespace gt3::offline {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr RateLimit kOnePerSecondBurstThree{.per_minute = 60, .burst = 3};

int allowed_in_a_row(RateLimiter& limiter, std::string_view client, int attempts) {
  int allowed = 0;
  for (int i = 0; i < attempts; ++i) allowed += limiter.allow(client) ? 1 : 0;
  return allowed;
}

TEST(RateLimiter, DisabledLimitAlwaysAllowsAndTracksNothing) {
  ManualClock clock;
  RateLimiter limiter(RateLimit{.per_minute = 0, .burst = 1}, clock);
  EXPECT_FALSE(RateLimit{}.enabled());
  EXPECT_EQ(allowed_in_a_row(limiter, "10.0.0.1", 1000), 1000);
  EXPECT_EQ(limiter.tracked(), 0u);
}

TEST(RateLimiter, AllowsABurstThenRefuses) {
  ManualClock clock;
  RateLimiter limiter(kOnePerSecondBurstThree, clock);
  EXPECT_EQ(allowed_in_a_row(limiter, "10.0.0.1", 3), 3);
  EXPECT_FALSE(limiter.allow("10.0.0.1"));
  EXPECT_FALSE(limiter.allow("10.0.0.1"));
}

TEST(RateLimiter, RefillsAtTheConfiguredRate) {
  ManualClock clock;
  RateLimiter limiter(kOnePerSecondBurstThree, clock);
  ASSERT_EQ(allowed_in_a_row(limiter, "10.0.0.1", 4), 3);
  clock.advance(milliseconds(999));
  EXPECT_FALSE(limiter.allow("10.0.0.1"));
  clock.advance(milliseconds(1));
  EXPECT_TRUE(limiter.allow("10.0.0.1"));
  EXPECT_FALSE(limiter.allow("10.0.0.1"));
}

TEST(RateLimiter, NeverRefillsBeyondTheBurst) {
  ManualClock clock;
  RateLimiter limiter(kOnePerSecondBurstThree, clock);
  ASSERT_EQ(allowed_in_a_row(limiter, "10.0.0.1", 3), 3);
  clock.advance(std::chrono::hours(1));
  EXPECT_EQ(allowed_in_a_row(limiter, "10.0.0.1", 10), 3);
}

TEST(RateLimiter, LimitsEachClientOnItsOwn) {
  ManualClock clock;
  RateLimiter limiter(kOnePerSecondBurstThree, clock);
  ASSERT_EQ(allowed_in_a_row(limiter, "10.0.0.1", 10), 3);
  EXPECT_EQ(allowed_in_a_row(limiter, "10.0.0.2", 10), 3);
  EXPECT_EQ(allowed_in_a_row(limiter, "2001:db8::1", 10), 3);
}

TEST(RateLimiter, CountsABurstBelowOneAsOne) {
  ManualClock clock;
  RateLimiter limiter(RateLimit{.per_minute = 60, .burst = 0}, clock);
  EXPECT_EQ(allowed_in_a_row(limiter, "10.0.0.1", 5), 1);
}

TEST(RateLimiter, HoldsItsBoundAndAdmitsEveryNewClient) {
  ManualClock clock;
  RateLimiter limiter(kOnePerSecondBurstThree, clock, 160);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(limiter.allow("client-" + std::to_string(i))) << i;
    ASSERT_LE(limiter.tracked(), 160u);
  }
  EXPECT_EQ(limiter.tracked(), 160u);
}

TEST(RateLimiter, LegitimateNewcomerPassesWhenTheTableIsFullOfDrainedBuckets) {
  ManualClock clock;
  RateLimiter limiter(kOnePerSecondBurstThree, clock, 4);
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(allowed_in_a_row(limiter, "attacker-" + std::to_string(i), 10), 3);
  }
  ASSERT_EQ(limiter.tracked(), 4u);
  EXPECT_EQ(allowed_in_a_row(limiter, "203.0.113.7", 10), 3);
  EXPECT_EQ(limiter.tracked(), 4u);
}

TEST(RateLimiter, AttackerCyclingWithinTheBoundStaysLimited) {
  ManualClock clock;
  RateLimiter limiter(kOnePerSecondBurstThree, clock, 4);
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(allowed_in_a_row(limiter, "attacker-" + std::to_string(i), 3), 3);
  }
  int allowed = 0;
  for (int round = 0; round < 10; ++round) {
    for (int i = 0; i < 4; ++i) allowed += limiter.allow("attacker-" + std::to_string(i)) ? 1 : 0;
  }
  EXPECT_EQ(allowed, 0);
}

TEST(RateLimiter, EvictsTheLeastRecentlyUsedBucket) {
  ManualClock clock;
  RateLimiter limiter(kOnePerSecondBurstThree, clock, 3);
  for (const char* client : {"a", "b", "c"}) ASSERT_EQ(allowed_in_a_row(limiter, client, 3), 3);
  ASSERT_FALSE(limiter.allow("a"));        // "a" used again: "b" is now the least recently used
  ASSERT_TRUE(limiter.allow("newcomer"));  // evicts "b"
  EXPECT_FALSE(limiter.allow("a"));
  EXPECT_FALSE(limiter.allow("c"));
  EXPECT_EQ(allowed_in_a_row(limiter, "b", 10), 3);  // back with a fresh bucket
}

TEST(RateLimiter, RefusedAttemptsCountAsUse) {
  // An attacker hammering a drained address keeps it; the one evicted is the idle one.
  ManualClock clock;
  RateLimiter limiter(kOnePerSecondBurstThree, clock, 2);
  ASSERT_EQ(allowed_in_a_row(limiter, "idle", 1), 1);
  ASSERT_EQ(allowed_in_a_row(limiter, "hammered", 3), 3);
  clock.advance(milliseconds(10));
  ASSERT_FALSE(limiter.allow("hammered"));
  ASSERT_TRUE(limiter.allow("newcomer"));
  EXPECT_FALSE(limiter.allow("hammered"));
}

TEST(RateLimiter, DropsBucketsThatAreFullAgain) {
  ManualClock clock;
  RateLimiter limiter(kOnePerSecondBurstThree, clock, 160);
  for (int i = 0; i < 100; ++i) limiter.allow("old-" + std::to_string(i));
  ASSERT_EQ(limiter.tracked(), 100u);
  clock.advance(milliseconds(999));  // one token short of full: nothing is dropped yet
  limiter.allow("new-0");
  EXPECT_EQ(limiter.tracked(), 101u);
  clock.advance(milliseconds(1));  // the old buckets are full again
  for (int i = 1; i < 60; ++i) limiter.allow("new-" + std::to_string(i));
  EXPECT_EQ(limiter.tracked(), 60u);  // the 60 new ones
}

TEST(RateLimiter, Ipv6ClientsOfOneSlash64ShareABucket) {
  ManualClock clock;
  RateLimiter limiter(kOnePerSecondBurstThree, clock);
  ASSERT_EQ(allowed_in_a_row(limiter, "2001:db8:1:2::1", 2), 2);
  EXPECT_EQ(allowed_in_a_row(limiter, "2001:db8:1:2:ffff::9", 10), 1);
  EXPECT_EQ(limiter.tracked(), 1u);
}

TEST(RateLimiter, Ipv6ClientsOfDifferentSlash64sDoNotShare) {
  ManualClock clock;
  RateLimiter limiter(kOnePerSecondBurstThree, clock);
  ASSERT_EQ(allowed_in_a_row(limiter, "2001:db8:1:2::1", 10), 3);
  EXPECT_EQ(allowed_in_a_row(limiter, "2001:db8:1:3::1", 10), 3);
}

TEST(RateLimiter, Slash48SettingGroupsWider) {
  ManualClock clock;
  RateLimiter limiter(RateLimit{.per_minute = 60, .burst = 3, .ipv6_prefix = 48}, clock);
  ASSERT_EQ(allowed_in_a_row(limiter, "2001:db8:1:2::1", 10), 3);
  EXPECT_EQ(allowed_in_a_row(limiter, "2001:db8:1:3::1", 10), 0);
  EXPECT_EQ(allowed_in_a_row(limiter, "2001:db8:2:2::1", 10), 3);
}

TEST(RateLimiter, Ipv4AddressesKeepABucketEachWhateverThePrefix) {
  ManualClock clock;
  RateLimiter limiter(RateLimit{.per_minute = 60, .burst = 3, .ipv6_prefix = 32}, clock);
  ASSERT_EQ(allowed_in_a_row(limiter, "203.0.113.7", 10), 3);
  EXPECT_EQ(allowed_in_a_row(limiter, "203.0.113.8", 10), 3);
}

TEST(RateLimiter, Ipv4MappedIpv6SharesTheBucketOfItsIpv4Address) {
  ManualClock clock;
  RateLimiter limiter(kOnePerSecondBurstThree, clock);
  ASSERT_EQ(allowed_in_a_row(limiter, "203.0.113.7", 2), 2);
  EXPECT_EQ(allowed_in_a_row(limiter, "::ffff:203.0.113.7", 10), 1);
}

TEST(RateLimiter, GivesExactlyTheBurstToConcurrentCallers) {
  ManualClock clock;  // time stands still: no refill during the test
  RateLimiter limiter(RateLimit{.per_minute = 60, .burst = 100}, clock);
  constexpr int kThreads = 8;
  std::atomic<int> allowed{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      for (int i = 0; i < 50; ++i) allowed += limiter.allow("10.0.0.1") ? 1 : 0;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 100);
}

}  // namespace
}  // namespace gt3::offline
