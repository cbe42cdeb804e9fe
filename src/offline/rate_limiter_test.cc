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

TEST(RateLimiter, HoldsItsBoundAndRefusesNewClientsWhileFullOfDrainedBuckets) {
  ManualClock clock;
  RateLimiter limiter(kOnePerSecondBurstThree, clock, 160);  // 16 shards of 10
  int refused = 0;
  for (int i = 0; i < 1000; ++i) {
    if (!limiter.allow("client-" + std::to_string(i))) ++refused;
    ASSERT_LE(limiter.tracked(), 160u);
  }
  EXPECT_EQ(limiter.tracked(), 160u);
  EXPECT_EQ(refused, 1000 - 160);
}

TEST(RateLimiter, DropsRefilledBucketsToMakeRoomForNewClients) {
  ManualClock clock;
  RateLimiter limiter(kOnePerSecondBurstThree, clock, 160);
  for (int i = 0; i < 1000; ++i) limiter.allow("old-" + std::to_string(i));
  ASSERT_EQ(limiter.tracked(), 160u);
  clock.advance(milliseconds(999));  // one token short of full: nothing can be dropped yet
  EXPECT_EQ(allowed_in_a_row(limiter, "new-client", 1), 0);
  clock.advance(milliseconds(1));  // every bucket is full again
  int allowed = 0;
  for (int i = 0; i < 1000; ++i) allowed += limiter.allow("new-" + std::to_string(i)) ? 1 : 0;
  EXPECT_EQ(allowed, 160);
  EXPECT_LE(limiter.tracked(), 160u);
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
