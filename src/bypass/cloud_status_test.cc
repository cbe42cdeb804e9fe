#include "gt3/status.h"

#include <gtest/gtest.h>

namespace gt3::bypass {
namespace {

TEST(CloudStatus, NamesAreTheOfficialDemosValues) {
  EXPECT_EQ(cloud_status_name(CloudStatus::kSuccess), "success");
  EXPECT_EQ(cloud_status_name(CloudStatus::kFail), "fail");
  EXPECT_EQ(parse_cloud_status("success"), CloudStatus::kSuccess);
  EXPECT_EQ(parse_cloud_status("fail"), CloudStatus::kFail);
  EXPECT_EQ(parse_cloud_status("SUCCESS"), std::nullopt);
  EXPECT_EQ(parse_cloud_status(""), std::nullopt);
}

TEST(Override, NamesRoundTrip) {
  for (Override mode : {Override::kAuto, Override::kForceOnline, Override::kForceOffline}) {
    EXPECT_EQ(parse_override(override_name(mode)), mode);
  }
  EXPECT_EQ(parse_override("force_offline"), std::nullopt);
}

}  // namespace
}  // namespace gt3::bypass
