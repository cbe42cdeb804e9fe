#include "redis/reconnect_backoff.h"

#include <gtest/gtest.h>

namespace gt3::redis {
namespace {

using std::chrono::milliseconds;

TEST(ReconnectBackoff, DoublesFromFiftyMillisecondsUpToTheCapWithJitter) {
  ReconnectBackoff backoff(milliseconds(400));
  for (const int ceiling_ms : {50, 100, 200, 400, 400, 400}) {
    const milliseconds ceiling(ceiling_ms);
    const milliseconds delay = backoff.next();
    EXPECT_GE(delay, ceiling / 2);
    EXPECT_LE(delay, ceiling);
  }
}

TEST(ReconnectBackoff, ResetStartsAgainFromFiftyMilliseconds) {
  ReconnectBackoff backoff(milliseconds(5000));
  for (int i = 0; i < 10; ++i) backoff.next();
  backoff.reset();
  EXPECT_LE(backoff.next(), ReconnectBackoff::kFirst);
}

TEST(ReconnectBackoff, ACapBelowTheFirstDelayCountsAsTheFirstDelay) {
  ReconnectBackoff backoff(milliseconds(1));
  for (int i = 0; i < 5; ++i) {
    const milliseconds delay = backoff.next();
    EXPECT_GE(delay, ReconnectBackoff::kFirst / 2);
    EXPECT_LE(delay, ReconnectBackoff::kFirst);
  }
}

}  // namespace
}  // namespace gt3::redis
