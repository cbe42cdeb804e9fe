#include "bypass/health_state.h"

#include <gtest/gtest.h>

namespace gt3::bypass {
namespace {

TEST(HealthState, ASingleFailedProbeDoesNotFlip) {
  HealthState state({2, 2});
  EXPECT_EQ(state.probe(false), std::nullopt);
  EXPECT_EQ(state.status(), CloudStatus::kSuccess);
}

TEST(HealthState, FlipsOfflineAfterTwoConsecutiveFailures) {
  HealthState state({2, 2});
  state.probe(false);
  EXPECT_EQ(state.probe(false), CloudStatus::kFail);
  EXPECT_EQ(state.status(), CloudStatus::kFail);
  EXPECT_EQ(state.probe(false), std::nullopt);  // already offline: no second flip
}

TEST(HealthState, FlappingEveryProbeNeverFlipsWithThresholdsTwoAndTwo) {
  HealthState state({2, 2});
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(state.probe(i % 2 == 0), std::nullopt) << i;
    EXPECT_EQ(state.status(), CloudStatus::kSuccess);
  }
  HealthState offline({2, 2}, CloudStatus::kFail);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(offline.probe(i % 2 == 0), std::nullopt) << i;
}

TEST(HealthState, RecoveryNeedsTwoConsecutiveSuccesses) {
  HealthState state({2, 2}, CloudStatus::kFail);
  EXPECT_EQ(state.probe(true), std::nullopt);
  EXPECT_EQ(state.probe(false), std::nullopt);
  EXPECT_EQ(state.probe(true), std::nullopt);
  EXPECT_EQ(state.probe(true), CloudStatus::kSuccess);
}

TEST(HealthState, APassiveFailureCountsAsAFailedProbeAtOnce) {
  HealthState state({2, 2});
  EXPECT_EQ(state.passive_failure(), std::nullopt);
  EXPECT_EQ(state.passive_failure(), CloudStatus::kFail);
}

TEST(HealthState, APassiveSuccessBreaksAFailureStreak) {
  HealthState state({2, 2});
  state.probe(false);
  state.passive_success();
  EXPECT_EQ(state.probe(false), std::nullopt);
  EXPECT_EQ(state.status(), CloudStatus::kSuccess);
}

TEST(HealthState, APassiveSuccessDoesNotCountTowardRecovery) {
  HealthState state({2, 2}, CloudStatus::kFail);
  state.probe(true);
  state.passive_success();
  EXPECT_EQ(state.consecutive_successes(), 1);
  EXPECT_EQ(state.status(), CloudStatus::kFail);
}

TEST(HealthState, ThresholdsOfOneFlipOnTheFirstResult) {
  HealthState state({1, 1});
  EXPECT_EQ(state.probe(false), CloudStatus::kFail);
  EXPECT_EQ(state.probe(true), CloudStatus::kSuccess);
}

TEST(HealthState, HigherThresholdsWaitLonger) {
  HealthState state({3, 4});
  state.probe(false);
  state.probe(false);
  EXPECT_EQ(state.probe(false), CloudStatus::kFail);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(state.probe(true), std::nullopt);
  EXPECT_EQ(state.probe(true), CloudStatus::kSuccess);
}

}  // namespace
}  // namespace gt3::bypass
