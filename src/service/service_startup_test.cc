// A `serve` that starts (or restarts) while the cloud is away comes up offline and answers its
// very first request offline; one that starts while the cloud is up answers online. An online
// challenge handed out before the restart is then handled by the online fallback rules.
#include <gtest/gtest.h>

#include "testing/redis_server.h"
#include "testing/service_support.h"

namespace gt3::service {
namespace {

using namespace testing;

class StartupTest : public ServiceTest {
 protected:
  int first_register_success() {
    const Answer first = user_->get("/register");
    EXPECT_EQ(first.status, 200) << first.body;
    return first.json().value("success", -1);
  }
  std::string cause() { return user_->get("/bypass/status").json().value("cause", ""); }
};

TEST_F(StartupTest, ACloudSayingFailMakesTheFirstRegisterOffline) {
  cloud_.set_mode({cloudsim::Fault::kStatusFail});
  start();
  EXPECT_EQ(first_register_success(), 0);
  EXPECT_EQ(cause(), "startup probe: fail_status");
}

TEST_F(StartupTest, ACloudThatIsDownMakesTheFirstRegisterOffline) {
  cloud_.set_mode({cloudsim::Fault::kDown});
  start();
  EXPECT_EQ(first_register_success(), 0);
  EXPECT_EQ(cause(), "startup probe: refused");
}

// The service was never online: an operator's history, counter and alerts show no switch.
TEST_F(StartupTest, AStartDuringAnOutageIsNoTransition) {
  cloud_.set_mode({cloudsim::Fault::kDown});
  start();
  const auto status = user_->get("/bypass/status").json();
  EXPECT_EQ(status.value("mode", ""), "offline");
  EXPECT_EQ(status.value("cause", ""), "startup probe: refused");
  EXPECT_TRUE(status["transitions"].empty()) << status.dump();
  const std::string metrics = user_->get("/metrics").body;
  EXPECT_EQ(metric(metrics, R"(gt3_transitions_total{from="online",to="offline"})"), 0);
  EXPECT_EQ(metric(metrics, "gt3_mode"), 0);
}

TEST_F(StartupTest, TheCloudsReturnAfterAnOfflineStartIsATransition) {
  cloud_.set_mode({cloudsim::Fault::kDown});
  start();
  cloud_.set_mode({});
  ASSERT_TRUE(wait_->reaches(CaptchaMode::kOnline));
  const auto transitions = user_->get("/bypass/status").json()["transitions"];
  ASSERT_EQ(transitions.size(), 1u) << transitions.dump();
  EXPECT_EQ(transitions[0].value("from", ""), "offline");
  EXPECT_EQ(transitions[0].value("to", ""), "online");
  const std::string metrics = user_->get("/metrics").body;
  EXPECT_EQ(metric(metrics, R"(gt3_transitions_total{from="offline",to="online"})"), 1);
  EXPECT_EQ(metric(metrics, R"(gt3_transitions_total{from="online",to="offline"})"), 0);
  EXPECT_EQ(metric(metrics, "gt3_mode"), 1);
}

TEST_F(StartupTest, ACloudThatIsUpMakesTheFirstRegisterOnline) {
  start();
  EXPECT_EQ(first_register_success(), 1);
  EXPECT_EQ(cause(), "startup probe: success");
}

TEST_F(StartupTest, AnOnlineChallengeOfTheProcessBeforeARestartIsNotTakenOnTrust) {
  start();
  const std::string challenge = user_->get("/register").json().value("challenge", "");
  const auto fields = user_->solve(cloud_, challenge).json();
  service_->stop();
  cloud_.set_mode({cloudsim::Fault::kDown});
  start();  // a new process: it never issued that challenge
  const Answer late = user_->validate(fields["geetest_challenge"], fields["geetest_validate"],
                                      fields["geetest_seccode"]);
  EXPECT_EQ(late.status, 200);
  EXPECT_FALSE(succeeded(late));
  EXPECT_EQ(late.json().value("reason", ""), "challenge_not_issued") << late.body;
}

// With Redis, a restarted instance takes the fleet's fresh status instead of probing, and the
// fleet's record of issued challenges lets a user caught by the restart through once.
class FleetStartupTest : public StartupTest {
 protected:
  void SetUp() override { ASSERT_TRUE(redis_.start()); }
  Flags redis_flags() const { return fleet_flags(redis_.port()); }

  testing::RedisServer redis_;
};

TEST_F(FleetStartupTest, ARestartedInstanceTakesTheFleetsStatusAndItsIssuedChallenges) {
  Service poller(config_for(cloud_, redis_flags()));
  ASSERT_TRUE(poller.start().has_value());
  ModeWait poller_mode(poller);
  TestUser poller_user(poller.port());
  const std::string challenge = poller_user.get("/register").json().value("challenge", "");
  const auto fields = poller_user.solve(cloud_, challenge).json();
  cloud_.set_mode({cloudsim::Fault::kStatusFail});
  ASSERT_TRUE(poller_mode.reaches(CaptchaMode::kOffline));
  ASSERT_TRUE(redis_.comes_to_hold("gt_server_bypass_status", "fail"));

  start(redis_flags());
  EXPECT_EQ(first_register_success(), 0);
  EXPECT_EQ(cause(), "fleet store: fail, override auto");
  EXPECT_TRUE(user_->get("/bypass/status").json()["transitions"].empty());
  const Answer late = user_->validate(fields["geetest_challenge"], fields["geetest_validate"],
                                      fields["geetest_seccode"]);
  EXPECT_TRUE(succeeded(late)) << late.body;
  const Answer again = user_->validate(fields["geetest_challenge"], fields["geetest_validate"],
                                       fields["geetest_seccode"]);
  EXPECT_EQ(again.json().value("reason", ""), "challenge_replayed") << again.body;
  poller.stop();
}

}  // namespace
}  // namespace gt3::service
