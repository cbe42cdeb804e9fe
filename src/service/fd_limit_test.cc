#include "service/fd_limit.h"

#include <gtest/gtest.h>

namespace gt3::service {
namespace {

TEST(FdBudget, KeepsTheLimitWhenTheConnectionsFit) {
  const FdBudget b = plan_fd_budget(10000, 65536, 65536);
  EXPECT_FALSE(b.raise_soft);
  EXPECT_EQ(b.max_connections, 10000u);
}

TEST(FdBudget, RaisesTheSoftLimitToTheHardOneWhenNeeded) {
  const FdBudget b = plan_fd_budget(10000, 1024, 524288);
  EXPECT_TRUE(b.raise_soft);
  EXPECT_EQ(b.soft_limit, 524288u);
  EXPECT_EQ(b.max_connections, 10000u);
}

TEST(FdBudget, LowersMaxConnectionsWhenEvenTheHardLimitIsTooLow) {
  const FdBudget raised = plan_fd_budget(10000, 1024, 4096);
  EXPECT_TRUE(raised.raise_soft);
  EXPECT_EQ(raised.max_connections, 4096u - kReservedDescriptors);
  const FdBudget stuck = plan_fd_budget(10000, 1024, 1024);
  EXPECT_FALSE(stuck.raise_soft);
  EXPECT_EQ(stuck.max_connections, 1024u - kReservedDescriptors);
}

TEST(FdBudget, AlwaysLeavesAtLeastOneConnection) {
  EXPECT_EQ(plan_fd_budget(100, 64, 64).max_connections, 1u);
}

TEST(FdBudget, FitsThisProcessWithoutLoweringBelowTheHardLimit) {
  const FdLimitChange change = fit_fd_budget(100);
  EXPECT_EQ(change.max_connections, 100u);  // any usable system has 356 descriptors
  EXPECT_GE(change.soft_after, change.soft_before);
}

}  // namespace
}  // namespace gt3::service
