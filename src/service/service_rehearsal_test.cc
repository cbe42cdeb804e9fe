// GeeTest's four outage rehearsals (docs/protocol.md section 6) against a running service: each one
// turns the register answer from success 1 to 0 and back to 1 on recovery, and a user validates
// in every phase.
#include <gtest/gtest.h>

#include "testing/service_support.h"

namespace gt3::service {
namespace {

using namespace testing;
using cloudsim::Endpoint;
using cloudsim::Fault;

class RehearsalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    service_ = std::make_unique<Service>(config_for(cloud_));
    ASSERT_TRUE(service_->start().has_value());
    wait_ = std::make_unique<ModeWait>(*service_);
    user_ = std::make_unique<TestUser>(service_->port());
  }
  void TearDown() override { service_->stop(); }

  int register_and_validate() { return testing::register_and_validate(*user_, cloud_); }

  // One rehearsal: break, check offline, restore, check online; three times over.
  void rehearse(const std::function<void()>& breaks, const std::function<void()>& restores) {
    for (int round = 0; round < 3; ++round) {
      ASSERT_TRUE(wait_->reaches(CaptchaMode::kOnline));
      EXPECT_EQ(register_and_validate(), 1) << "round " << round;
      breaks();
      ASSERT_TRUE(wait_->reaches(CaptchaMode::kOffline)) << "round " << round;
      EXPECT_EQ(register_and_validate(), 0) << "round " << round;
      restores();
    }
    ASSERT_TRUE(wait_->reaches(CaptchaMode::kOnline));
    EXPECT_EQ(register_and_validate(), 1);
  }

  TestCloud cloud_;
  std::unique_ptr<Service> service_;
  std::unique_ptr<ModeWait> wait_;
  std::unique_ptr<TestUser> user_;
};

TEST_F(RehearsalTest, AvailabilityAnswersFailForTheId) {
  rehearse([&] { cloud_.set_mode({Fault::kStatusFail}); }, [&] { cloud_.set_mode({}); });
}

TEST_F(RehearsalTest, AvailabilityUrlAnswersAnHtmlPage) {
  rehearse([&] { cloud_.set_mode({Fault::kHtml}, Endpoint::kBypass); },
           [&] { cloud_.set_mode({}, Endpoint::kBypass); });
}

TEST_F(RehearsalTest, NothingListensAtTheAvailabilityHost) {
  rehearse([&] { cloud_.set_mode({Fault::kDown}); }, [&] { cloud_.set_mode({}); });
}

TEST_F(RehearsalTest, TheAvailabilityHostNeverAnswers) {
  rehearse([&] { cloud_.set_mode({Fault::kHang}); }, [&] { cloud_.set_mode({}); });
}

TEST_F(RehearsalTest, TheCloudAnswersHttp500) {
  rehearse([&] { cloud_.set_mode({Fault::kHttp500}); }, [&] { cloud_.set_mode({}); });
}

// Rehearsal 1: an invalid captcha id. The id is configuration, so the "outage" is a service
// started with it; "recovery" is the service with the right id again.
TEST(Rehearsal, AnInvalidCaptchaIdServesOfflineAndTheRightOneOnline) {
  TestCloud cloud;
  for (const bool valid : {true, false, true}) {
    Service service(config_for(cloud, valid ? std::vector<std::pair<std::string, std::string>>{}
                                            : std::vector<std::pair<std::string, std::string>>{
                                                  {"geetest.id", "1234567890"}}));
    ASSERT_TRUE(service.start().has_value());
    ModeWait wait(service);
    TestUser user(service.port());
    ASSERT_TRUE(wait.reaches(valid ? CaptchaMode::kOnline : CaptchaMode::kOffline));
    const auto json = user.get("/register").json();
    EXPECT_EQ(json.value("success", -1), valid ? 1 : 0);
    if (!valid) {
      const Answer validated =
          user.validate(json.value("challenge", ""), "offline-validate", "offline|jordan");
      EXPECT_TRUE(succeeded(validated)) << validated.body;
    }
    service.stop();
  }
}

}  // namespace
}  // namespace gt3::service
