#include "testing/manual_clock.h"
#include "cloudsim/cloud_state.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "gt3/digest.h"
#include "gt3/register.h"
#include "gt3/version.h"

namespace gt3::cloudsim {
namespace {

constexpr std::string_view kId = "0123456789abcdef0123456789abcdef";
constexpr std::string_view kKey = "fedcba9876543210fedcba9876543210";
constexpr std::string_view kOtherId = "11111111111111111111111111111111";
constexpr std::string_view kOtherKey = "22222222222222222222222222222222";

class CloudStateTest : public ::testing::Test {
 protected:
  CloudStateTest()
      : state_({{std::string(kId), Secret(std::string(kKey))},
                {std::string(kOtherId), Secret(std::string(kOtherKey))}},
               clock_, {std::chrono::seconds(60), 1000}) {}

  // Registers like a customer server: returns the challenge the browser would get.
  std::string browser_challenge(std::string_view digestmod = "md5", std::string_view id = kId,
                                std::string_view key = kKey) {
    const auto origin = parse_register_answer(state_.register_challenge(id, digestmod, true));
    EXPECT_TRUE(origin.has_value());
    return challenge_digest(digestmod_or_md5(digestmod), origin ? *origin : "",
                            Secret(std::string(key)));
  }

  std::string validate(std::string_view challenge, std::string_view seccode,
                       std::string_view id = kId) {
    return state_.validate({id, challenge, seccode, "1", kSdkVersion});
  }

  static std::string good_seccode(std::string_view challenge, std::string_view key = kKey) {
    return seccode_for(online_validate_for(Secret(std::string(key)), challenge));
  }

  static bool accepted(const std::string& body) {
    return nlohmann::json::parse(body)["seccode"] != "false";
  }

  ManualClock clock_;
  CloudState state_;
};

TEST_F(CloudStateTest, BypassStatusIsSuccessForAKnownId) {
  EXPECT_EQ(nlohmann::json::parse(state_.bypass_status(kId, false))["status"], "success");
}

TEST_F(CloudStateTest, BypassStatusIsFailForAnUnknownIdOrWhenForced) {
  EXPECT_EQ(nlohmann::json::parse(state_.bypass_status("1234567890", false))["status"], "fail");
  EXPECT_EQ(nlohmann::json::parse(state_.bypass_status(kId, true))["status"], "fail");
}

TEST_F(CloudStateTest, RegisterIssuesA32HexOriginChallenge) {
  const auto origin = parse_register_answer(state_.register_challenge(kId, "md5", true));
  ASSERT_TRUE(origin.has_value()) << reason_name(origin.error().reason);
  EXPECT_NE(*origin, *parse_register_answer(state_.register_challenge(kId, "md5", true)));
}

TEST_F(CloudStateTest, RegisterAnswersZeroForAnUnknownId) {
  EXPECT_EQ(state_.register_challenge("1234567890", "md5", true), R"({"challenge":"0"})");
  EXPECT_EQ(state_.remembered(), 0u);
}

TEST_F(CloudStateTest, RegisterWithoutJsonFormatAnswersTheBareChallenge) {
  const std::string body = state_.register_challenge(kId, "md5", false);
  EXPECT_EQ(body.size(), 32u);
}

TEST_F(CloudStateTest, ValidateAcceptsACorrectSolveForEachDigestmod) {
  for (std::string_view mod : {"md5", "sha256", "hmac-sha256"}) {
    const std::string challenge = browser_challenge(mod);
    const std::string seccode = good_seccode(challenge);
    const std::string body = validate(challenge, seccode);
    const std::string expected = nlohmann::json{{"seccode", md5_hex(seccode)}}.dump();
    EXPECT_EQ(body, expected) << mod;
  }
}

TEST_F(CloudStateTest, UnknownDigestmodIsTreatedAsMd5) {
  const std::string challenge = browser_challenge("sha1");  // digested with md5 by the helper too
  EXPECT_TRUE(accepted(validate(challenge, good_seccode(challenge))));
}

TEST_F(CloudStateTest, ValidateRejectsAChallengeDigestedUnderAnotherDigestmod) {
  const auto origin = parse_register_answer(state_.register_challenge(kId, "sha256", true));
  const std::string wrong = challenge_digest(DigestMod::kMd5, *origin, Secret(std::string(kKey)));
  EXPECT_FALSE(accepted(validate(wrong, good_seccode(wrong))));
}

TEST_F(CloudStateTest, ValidateRejectsAChallengeDigestedWithAnotherKey) {
  const auto origin = parse_register_answer(state_.register_challenge(kId, "md5", true));
  const std::string wrong =
      challenge_digest(DigestMod::kMd5, *origin, Secret(std::string(kOtherKey)));
  EXPECT_FALSE(accepted(validate(wrong, good_seccode(wrong))));
}

TEST_F(CloudStateTest, ValidateRejectsAWrongSeccode) {
  const std::string challenge = browser_challenge();
  EXPECT_FALSE(accepted(validate(challenge, "a|jordan")));
  EXPECT_FALSE(
      accepted(validate(challenge, online_validate_for(Secret(std::string(kKey)), challenge))));
}

TEST_F(CloudStateTest, ValidateRejectsAReplay) {
  const std::string challenge = browser_challenge();
  EXPECT_TRUE(accepted(validate(challenge, good_seccode(challenge))));
  EXPECT_FALSE(accepted(validate(challenge, good_seccode(challenge))));
}

TEST_F(CloudStateTest, ValidateRejectsAChallengeItNeverIssued) {
  const std::string made_up(32, 'a');
  EXPECT_FALSE(accepted(validate(made_up, good_seccode(made_up))));
}

TEST_F(CloudStateTest, ValidateRejectsAChallengeOfAnotherCaptchaId) {
  const std::string challenge = browser_challenge("md5", kOtherId, kOtherKey);
  EXPECT_FALSE(accepted(validate(challenge, good_seccode(challenge, kOtherKey), kId)));
  EXPECT_TRUE(accepted(validate(challenge, good_seccode(challenge, kOtherKey), kOtherId)));
}

TEST_F(CloudStateTest, ValidateRejectsAnExpiredChallenge) {
  const std::string challenge = browser_challenge();
  clock_.advance(std::chrono::seconds(61));
  EXPECT_FALSE(accepted(validate(challenge, good_seccode(challenge))));
}

TEST_F(CloudStateTest, ValidateRequiresCaptchaidJsonFormatAndSdk) {
  const std::string challenge = browser_challenge();
  const std::string seccode = good_seccode(challenge);
  EXPECT_FALSE(accepted(state_.validate({std::nullopt, challenge, seccode, "1", kSdkVersion})));
  EXPECT_FALSE(accepted(state_.validate({kId, challenge, seccode, std::nullopt, kSdkVersion})));
  EXPECT_FALSE(accepted(state_.validate({kId, challenge, seccode, "1", std::nullopt})));
  EXPECT_TRUE(accepted(state_.validate({kId, challenge, seccode, "1", kSdkVersion})));
}

TEST_F(CloudStateTest, SolveGivesFieldsThatValidate) {
  const std::string challenge = browser_challenge("hmac-sha256");
  const auto form = state_.solve(kId, challenge);
  ASSERT_TRUE(form.has_value()) << form.error();
  EXPECT_EQ(form->challenge, challenge);
  EXPECT_EQ(form->seccode, form->validate + "|jordan");
  EXPECT_TRUE(accepted(validate(challenge, form->seccode)));
}

TEST_F(CloudStateTest, SolveRefusesUnknownSpentAndExpiredChallenges) {
  EXPECT_FALSE(state_.solve(kId, std::string(32, 'b')).has_value());
  EXPECT_FALSE(state_.solve("1234567890", browser_challenge()).has_value());
  const std::string spent = browser_challenge();
  ASSERT_TRUE(accepted(validate(spent, good_seccode(spent))));
  EXPECT_EQ(state_.solve(kId, spent).error(), "that challenge was already used");
  const std::string old = browser_challenge();
  clock_.advance(std::chrono::seconds(61));
  EXPECT_FALSE(state_.solve(kId, old).has_value());
}

TEST_F(CloudStateTest, MemoryIsBoundedByTtlAndCount) {
  for (int i = 0; i < 1500; ++i) state_.register_challenge(kId, "md5", true);
  EXPECT_LE(state_.remembered(), 1000u);
  clock_.advance(std::chrono::seconds(61));
  state_.register_challenge(kId, "md5", true);
  EXPECT_EQ(state_.remembered(), 1u);
}

TEST(DemoApp, IsAValidPair) {
  const App app = demo_app();
  EXPECT_EQ(app.captcha_id.size(), 32u);
  EXPECT_EQ(app.private_key.reveal().size(), 32u);
}

}  // namespace
}  // namespace gt3::cloudsim
