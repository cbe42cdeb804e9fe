// Two `serve` instances on one real Redis: they share the status, the override, the single-use
// ledger and the record of issued online challenges.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "testing/logger_made_first.h"
#include "testing/redis_server.h"
#include "testing/service_support.h"

namespace gt3::service {
namespace {

using namespace testing;

constexpr std::string_view kToken = "fleet-admin-token-0123";

class FleetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.start());
    for (int i = 0; i < 2; ++i) {
      instances_[i] =
          std::make_unique<Service>(config_for(cloud_, fleet_flags(redis_.port(), kToken)));
      ASSERT_TRUE(instances_[i]->start().has_value());
      waits_[i] = std::make_unique<ModeWait>(*instances_[i]);
      users_[i] = std::make_unique<TestUser>(instances_[i]->port());
    }
  }
  void TearDown() override {
    for (auto& instance : instances_) {
      if (instance) instance->stop();
    }
  }
  bool both_reach(CaptchaMode mode) { return waits_[0]->reaches(mode) && waits_[1]->reaches(mode); }

  TestCloud cloud_;
  testing::RedisServer redis_;
  std::unique_ptr<Service> instances_[2];
  std::unique_ptr<ModeWait> waits_[2];
  std::unique_ptr<TestUser> users_[2];
};

TEST_F(FleetTest, ShareTheStatusAndTheOverride) {
  ASSERT_TRUE(both_reach(CaptchaMode::kOnline));
  cloud_.set_mode({cloudsim::Fault::kStatusFail});
  EXPECT_TRUE(both_reach(CaptchaMode::kOffline));
  cloud_.set_mode({});
  EXPECT_TRUE(both_reach(CaptchaMode::kOnline));
  const Answer set =
      users_[0]->post("/admin/override", R"({"mode":"force-offline"})", "application/json",
                      {{"Authorization", "Bearer " + std::string(kToken)}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_TRUE(waits_[1]->reaches(CaptchaMode::kOffline));
  EXPECT_EQ(users_[1]->get("/bypass/status").json().value("override", ""), "force-offline");
}

TEST_F(FleetTest, MetricsShowOnePollerOnAReachableStore) {
  ASSERT_TRUE(both_reach(CaptchaMode::kOnline));
  const auto holds = [](const std::string& text, const std::string& line) {
    return text.find("\n" + line + "\n") != std::string::npos;
  };
  // Both may serve before the store's first round settles the lease: bounded polling.
  int leaders = 0, reachable = 0, alone = 0;
  for (int round = 0; round < 100; ++round) {
    leaders = reachable = alone = 0;
    for (auto& user : users_) {
      const std::string text = user->get("/metrics").body;
      leaders += holds(text, R"(gt3_fleet_leader{store="redis"} 1)");
      reachable += holds(text, R"(gt3_fleet_store_reachable{store="redis"} 1)");
      alone += holds(text, R"(gt3_fleet_probing_alone{store="redis"} 1)");
    }
    if (leaders == 1 && reachable == 2 && alone == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(leaders, 1);
  EXPECT_EQ(reachable, 2);
  EXPECT_EQ(alone, 0);
}

TEST_F(FleetTest, AChallengeAcceptedOnOneIsRefusedOnTheOther) {
  ASSERT_TRUE(both_reach(CaptchaMode::kOnline));
  cloud_.set_mode({cloudsim::Fault::kDown});
  ASSERT_TRUE(both_reach(CaptchaMode::kOffline));
  const std::string challenge = users_[0]->get("/register").json().value("challenge", "");
  EXPECT_TRUE(succeeded(users_[0]->validate(challenge, "v", "v|jordan")));
  const Answer replay = users_[1]->validate(challenge, "v", "v|jordan");
  EXPECT_EQ(replay.json().value("reason", ""), "challenge_replayed") << replay.body;
}

TEST_F(FleetTest, AnOnlineChallengeIssuedByOneIsAcceptedOnceByTheOtherDuringAnOutage) {
  ASSERT_TRUE(both_reach(CaptchaMode::kOnline));
  const std::string challenge = users_[0]->get("/register").json().value("challenge", "");
  const auto fields = users_[0]->solve(cloud_, challenge).json();
  cloud_.set_mode({cloudsim::Fault::kDown});
  ASSERT_TRUE(both_reach(CaptchaMode::kOffline));
  const Answer late = users_[1]->validate(fields["geetest_challenge"], fields["geetest_validate"],
                                          fields["geetest_seccode"]);
  EXPECT_TRUE(succeeded(late)) << late.body;
  EXPECT_FALSE(succeeded(users_[0]->validate(
      fields["geetest_challenge"], fields["geetest_validate"], fields["geetest_seccode"])));
}

}  // namespace
}  // namespace gt3::service
