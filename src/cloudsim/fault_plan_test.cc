#include "testing/manual_clock.h"
#include "cloudsim/fault_plan.h"

#include <gtest/gtest.h>

namespace gt3::cloudsim {
namespace {

using std::chrono::milliseconds;

FaultMode parsed(std::string_view text) {
  const auto r = FaultMode::parse(text);
  EXPECT_TRUE(r.has_value()) << text << ": " << (r ? "" : r.error());
  return r ? *r : FaultMode{};
}

TEST(FaultMode, ParsesEveryMode) {
  EXPECT_EQ(parsed("up"), (FaultMode{Fault::kUp, {}}));
  EXPECT_EQ(parsed("down"), (FaultMode{Fault::kDown, {}}));
  EXPECT_EQ(parsed("hang"), (FaultMode{Fault::kHang, {}}));
  EXPECT_EQ(parsed("slow:250"), (FaultMode{Fault::kSlow, milliseconds(250)}));
  EXPECT_EQ(parsed("http500"), (FaultMode{Fault::kHttp500, {}}));
  EXPECT_EQ(parsed("http429"), (FaultMode{Fault::kHttp429, {}}));
  EXPECT_EQ(parsed("html"), (FaultMode{Fault::kHtml, {}}));
  EXPECT_EQ(parsed("status-fail"), (FaultMode{Fault::kStatusFail, {}}));
  EXPECT_EQ(parsed("flap:1000"), (FaultMode{Fault::kFlap, milliseconds(1000)}));
  EXPECT_EQ(parsed("truncated"), (FaultMode{Fault::kTruncated, {}}));
  EXPECT_EQ(parsed("drop"), (FaultMode{Fault::kDrop, {}}));
  EXPECT_EQ(parsed("trickle:20"), (FaultMode{Fault::kTrickle, milliseconds(20)}));
  EXPECT_EQ(parsed("huge"), (FaultMode{Fault::kHuge, {}}));
}

TEST(FaultMode, NameRoundTrips) {
  for (std::string_view text :
       {"up", "down", "hang", "slow:7", "http500", "http429", "html", "status-fail", "flap:3600000",
        "truncated", "drop", "trickle:5", "huge"}) {
    EXPECT_EQ(parsed(text).name(), text);
  }
}

TEST(FaultMode, UnknownModeListsTheValidOnes) {
  const auto r = FaultMode::parse("explode");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().find("unknown mode 'explode'"), std::string::npos);
  EXPECT_NE(r.error().find(kValidModes), std::string::npos);
}

TEST(FaultMode, PeriodsAreCheckedAndNamed) {
  for (std::string_view bad :
       {"slow", "slow:", "slow:-1", "slow:0", "slow:1x", "flap:99999999", "trickle", "trickle:0"}) {
    const auto r = FaultMode::parse(bad);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_NE(r.error().find(std::string(bad)), std::string::npos) << r.error();
  }
  EXPECT_FALSE(FaultMode::parse("hang:5").has_value());
  EXPECT_FALSE(FaultMode::parse("huge:5").has_value());
  EXPECT_FALSE(FaultMode::parse("truncated:5").has_value());
  EXPECT_FALSE(FaultMode::parse("http429:5").has_value());
}

TEST(Endpoint, NamesRoundTrip) {
  for (Endpoint e : kEndpoints) EXPECT_EQ(parse_endpoint(endpoint_name(e)), e);
  EXPECT_EQ(parse_endpoint("solve"), std::nullopt);
}

TEST(FaultPlan, StartsUp) {
  ManualClock clock;
  FaultPlan plan(clock);
  for (Endpoint e : kEndpoints) EXPECT_EQ(plan.effective(e).fault, Fault::kUp);
  EXPECT_FALSE(plan.listener_down());
}

TEST(FaultPlan, WholeCloudDownClosesTheListener) {
  ManualClock clock;
  FaultPlan plan(clock);
  plan.set(FaultMode{Fault::kDown, {}});
  EXPECT_TRUE(plan.listener_down());
  plan.set(FaultMode{Fault::kUp, {}});
  EXPECT_FALSE(plan.listener_down());
}

TEST(FaultPlan, OneEndpointAffectsOnlyThatEndpointAndNotTheListener) {
  ManualClock clock;
  FaultPlan plan(clock);
  plan.set(FaultMode{Fault::kDown, {}}, Endpoint::kRegister);
  EXPECT_EQ(plan.effective(Endpoint::kRegister).fault, Fault::kDown);
  EXPECT_EQ(plan.effective(Endpoint::kBypass).fault, Fault::kUp);
  EXPECT_FALSE(plan.listener_down());
}

TEST(FaultPlan, FlapStartsDownThenAlternatesEveryPeriod) {
  ManualClock clock;
  FaultPlan plan(clock);
  plan.set(FaultMode{Fault::kFlap, milliseconds(100)});
  EXPECT_EQ(plan.mode(Endpoint::kBypass).fault, Fault::kFlap);
  EXPECT_EQ(plan.effective(Endpoint::kBypass).fault, Fault::kDown);
  EXPECT_TRUE(plan.listener_down());
  clock.advance(milliseconds(100));
  EXPECT_EQ(plan.effective(Endpoint::kBypass).fault, Fault::kUp);
  EXPECT_FALSE(plan.listener_down());
  clock.advance(milliseconds(99));
  EXPECT_EQ(plan.effective(Endpoint::kValidate).fault, Fault::kUp);
  clock.advance(milliseconds(1));
  EXPECT_EQ(plan.effective(Endpoint::kValidate).fault, Fault::kDown);
  ASSERT_TRUE(plan.whole_cloud_flap().has_value());
  EXPECT_EQ(plan.whole_cloud_flap()->first, milliseconds(100));
}

TEST(FaultPlan, SettingOneEndpointEndsAWholeCloudFlap) {
  ManualClock clock;
  FaultPlan plan(clock);
  plan.set(FaultMode{Fault::kFlap, milliseconds(100)});
  plan.set(FaultMode{Fault::kUp, {}}, Endpoint::kBypass);
  EXPECT_FALSE(plan.whole_cloud_flap().has_value());
  EXPECT_FALSE(plan.listener_down());
  EXPECT_EQ(plan.effective(Endpoint::kBypass).fault, Fault::kUp);
  EXPECT_EQ(plan.effective(Endpoint::kRegister).fault, Fault::kDown);
}

}  // namespace
}  // namespace gt3::cloudsim
