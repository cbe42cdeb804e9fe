// Attack suite, part 1: a client tries to make the service treat the cloud as unavailable while
// the cloud can answer, and so take an offline path (docs/security.md lists every attack and the
// test that covers it). Each test runs a real service against the real simulator, whose front
// end refuses requests over 8 KB as a real one does; each asserts the refusal *and* that a
// legitimate user in the same run still passes.
#include <gtest/gtest.h>

#include <string>

#include "gt3/request_checks.h"
#include "testing/service_support.h"

namespace gt3::service {
namespace {

using namespace testing;
using cloudsim::Endpoint;

std::string repeated(std::string_view unit, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += unit;
  return out;
}

cloudsim::FaultMode fault(std::string_view text) {
  const auto mode = cloudsim::FaultMode::parse(std::string(text));
  EXPECT_TRUE(mode.has_value()) << text;
  return mode ? *mode : cloudsim::FaultMode{};
}

class AttackTest : public ServiceTest {
 protected:
  void start_online(Flags flags = {}) {
    start(std::move(flags));
    ASSERT_TRUE(wait_->reaches(CaptchaMode::kOnline));
  }
  std::string online_challenge() {
    const auto json = user_->get("/register").json();
    EXPECT_EQ(json.value("success", -1), 1) << json.dump();
    return json.value("challenge", "");
  }
  CaptchaMode mode() { return service_->keeper()->availability().mode(); }
  // A user in the same run who does everything right still gets in.
  void expect_a_legitimate_user_passes() { EXPECT_EQ(register_and_validate(*user_, cloud_), 1); }
};

// Found: seccode = 3,000 x "x|" pushed validate.php past the cloud's front end (413), and the
// refusal was read as an outage: the issued fallback accepted an unsolved challenge.
TEST_F(AttackTest, AnInflatedSeccodeIsRefusedLocallyWithoutACloudCall) {
  for (const std::string policy : {"compat", "pow", "none"}) {
    SCOPED_TRACE(policy);
    start_online({{"offline.policy", policy}});
    const std::string challenge = online_challenge();
    const auto calls = cloud_.sim().counters().validate;
    const Answer answer = user_->validate(challenge, "x", repeated("x|", 3000));
    EXPECT_FALSE(succeeded(answer)) << answer.body;
    EXPECT_EQ(answer.reason(), "malformed_solution");
    EXPECT_EQ(cloud_.sim().counters().validate, calls);
    EXPECT_EQ(mode(), CaptchaMode::kOnline);
    expect_a_legitimate_user_passes();
    service_->stop();
  }
}

// The same refusal, reached with a well-formed request: the cloud answers 4xx (here 429, a
// cloud rate-limiting the customer). A verdict on the request, never a reason for the fallback.
TEST_F(AttackTest, AValidateTheCloudRefusesWith4xxIsRefusedNotFallenBackOn) {
  for (const std::string policy : {"compat", "none"}) {
    SCOPED_TRACE(policy);
    start_online({{"offline.policy", policy}});
    const std::string challenge = online_challenge();
    const auto fields = user_->solve(cloud_, challenge).json();
    cloud_.set_mode(fault("http429"), Endpoint::kValidate);
    const Answer answer = user_->validate(fields["geetest_challenge"], fields["geetest_validate"],
                                          fields["geetest_seccode"]);
    EXPECT_FALSE(succeeded(answer)) << answer.body;
    EXPECT_EQ(answer.reason(), "request_refused");
    EXPECT_EQ(answer.json().value("result", ""), "fail");
    // What the cloud said, and where it is, stay in the log.
    EXPECT_EQ(answer.body.find(std::to_string(cloud_.sim().cloud_port())), std::string::npos);
    EXPECT_EQ(mode(), CaptchaMode::kOnline);
    cloud_.set_mode({}, Endpoint::kValidate);
    expect_a_legitimate_user_passes();
    service_->stop();
  }
}

// Found: user_id = 3,500 x "x|" (each '|' sent as %7C) pushed register.php past 8 KB; the
// refusal handed out an offline challenge while the cloud was up.
TEST_F(AttackTest, AnOversizedUserIdIsRefusedBeforeRegisterIsCalled) {
  start_online();
  const auto calls = cloud_.sim().counters().register_;
  const Answer answer = user_->get("/register?user_id=" + repeated("x|", 3500));
  EXPECT_EQ(answer.status, 400) << answer.body;
  EXPECT_EQ(answer.json().value("error", ""), "invalid_parameter");
  EXPECT_EQ(answer.json().value("challenge", ""), "");
  EXPECT_EQ(cloud_.sim().counters().register_, calls);
  for (const std::string& bad :
       {std::string("?ip_address=not-an-address"), std::string("?digestmod=sha1"),
        "?client_type=" + repeated("w", 40), std::string("?user_id=a%0Db")}) {
    const Answer refused = user_->get("/register" + bad);
    EXPECT_EQ(refused.status, 400) << bad << ": " << refused.body;
    EXPECT_EQ(refused.json().value("error", ""), "invalid_parameter") << bad;
  }
  EXPECT_EQ(cloud_.sim().counters().register_, calls);
  expect_a_legitimate_user_passes();
}

// The largest request the checks let through still fits the front end: the limits are not so
// loose that a client can reach the 8 KB refusal another way.
TEST_F(AttackTest, TheLargestAllowedRegisterStillPassesTheCloudsFrontEnd) {
  start_online();
  const std::string user_id = repeated("%7C", kMaxUserIdBytes);  // 128 bytes, each sent as %7C
  const auto json =
      user_
          ->get("/register?user_id=" + user_id +
                "&ip_address=ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255&client_type=native"
                "&digestmod=hmac-sha256")
          .json();
  EXPECT_EQ(json.value("success", -1), 1) << json.dump();
  expect_a_legitimate_user_passes();
}

// However the cloud comes to refuse a register call with a 4xx, no offline challenge is handed
// out: the page gets an error, the status stays online.
TEST_F(AttackTest, ARegisterTheCloudRefusesHandsOutNoChallenge) {
  start_online();
  cloud_.set_mode(fault("http429"), Endpoint::kRegister);
  for (int i = 0; i < 5; ++i) {
    const Answer answer = user_->get("/register");
    EXPECT_EQ(answer.status, 502) << answer.body;
    EXPECT_EQ(answer.json().value("error", ""), "request_refused");
    EXPECT_EQ(answer.json().value("challenge", ""), "");
    EXPECT_EQ(answer.body.find(std::to_string(cloud_.sim().cloud_port())), std::string::npos);
  }
  EXPECT_EQ(mode(), CaptchaMode::kOnline);
  cloud_.set_mode({}, Endpoint::kRegister);
  expect_a_legitimate_user_passes();
}

// A register call that fails for a cloud failure while the status says online still answers
// offline, so a user caught by the start of an outage is served; but that challenge passes only
// once the service is offline itself, never while the cloud answers.
TEST_F(AttackTest, AProvisionalChallengePassesNothingWhileTheCloudAnswers) {
  for (const std::string policy : {"compat", "none"}) {
    SCOPED_TRACE(policy);
    start_online({{"offline.policy", policy}, {"bypass.unhealthy_threshold", "50"}});
    cloud_.set_mode(fault("http500"), Endpoint::kRegister);
    const auto json = user_->get("/register").json();
    ASSERT_EQ(json.value("success", -1), 0) << json.dump();
    const std::string provisional = json.value("challenge", "");
    cloud_.set_mode({}, Endpoint::kRegister);
    const Answer answer = user_->validate(provisional, "v", "v|jordan");
    EXPECT_EQ(answer.reason(), "challenge_provisional") << answer.body;
    EXPECT_EQ(mode(), CaptchaMode::kOnline);
    expect_a_legitimate_user_passes();
    service_->stop();
  }
}

// Found: under policy `none` the cloud-up fallback accepted anything. Now `none` only applies
// while offline, and even then each challenge passes once.
TEST_F(AttackTest, NoneAcceptsNothingTheCloudCanCheckAndEachChallengeOnce) {
  start_online({{"offline.policy", "none"}});
  EXPECT_EQ(user_->validate("made-up", "v", "v|jordan").reason(), "challenge_forged");
  const std::string challenge = online_challenge();
  const std::string validate(32, 'a');
  EXPECT_EQ(user_->validate(challenge, validate, validate + "|jordan").reason(), "seccode_false");
  expect_a_legitimate_user_passes();
  cloud_.set_mode({cloudsim::Fault::kDown});
  ASSERT_TRUE(wait_->reaches(CaptchaMode::kOffline));
  EXPECT_TRUE(succeeded(user_->validate("made-up", "v", "v|jordan")));
  EXPECT_EQ(user_->validate("made-up", "v", "v|jordan").reason(), "challenge_replayed");
}

}  // namespace
}  // namespace gt3::service
