#include "offline/offline_policy.h"

#include <gtest/gtest.h>

namespace gt3::offline {
namespace {

TEST(OfflinePolicy, NamesRoundTrip) {
  for (OfflinePolicy p :
       {OfflinePolicy::kCompat, OfflinePolicy::kPow, OfflinePolicy::kNone, OfflinePolicy::kDeny}) {
    EXPECT_EQ(parse_policy(policy_name(p)), p);
  }
}

TEST(OfflinePolicy, UnknownNamesAreRejected) {
  EXPECT_FALSE(parse_policy("Compat"));
  EXPECT_FALSE(parse_policy(""));
  EXPECT_FALSE(parse_policy("allow"));
}

}  // namespace
}  // namespace gt3::offline
