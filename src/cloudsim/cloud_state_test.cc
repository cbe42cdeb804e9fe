#include "cloudsim/cloud_state.h"

#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

#include "gt3/digest.h"
#include "gt3/register.h"
#include "testing/manual_clock.h"

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

  // The form of the ByPass demos (less `sdk`, which the cloud never needed).
  std::string validate(std::string_view challenge, std::string_view seccode,
                       std::string_view id = kId) {
    return state_.validate({id, std::nullopt, challenge, seccode, "1"}).body;
  }

  // The form of gt3-sdk 1.x: the seccode alone, answered in bare text.
  ValidateAnswer validate_1x(std::string_view seccode) {
    return state_.validate({std::nullopt, std::nullopt, std::nullopt, seccode, std::nullopt});
  }

  // The form of gt3-sdk 2.0.0: gt, seccode and json_format.
  ValidateAnswer validate_2x(std::string_view seccode, std::string_view gt = kId) {
    return state_.validate({std::nullopt, gt, std::nullopt, seccode, "1"});
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

TEST_F(CloudStateTest, ValidateAcceptsTheSeccodeAloneAndAnswersItsBareMd5) {
  const std::string seccode = good_seccode(browser_challenge());
  const ValidateAnswer answer = validate_1x(seccode);
  EXPECT_EQ(answer.body, md5_hex(seccode));
  EXPECT_FALSE(answer.json);
}

TEST_F(CloudStateTest, ValidateAcceptsGtSeccodeAndJsonFormatAndAnswersJson) {
  const std::string seccode = good_seccode(browser_challenge());
  const ValidateAnswer answer = validate_2x(seccode);
  const std::string expected = nlohmann::json{{"seccode", md5_hex(seccode)}}.dump();
  EXPECT_EQ(answer.body, expected);
  EXPECT_TRUE(answer.json);
}

TEST_F(CloudStateTest, ValidateFindsTheAppOfASeccodeAloneAmongSeveralApps) {
  const std::string seccode =
      good_seccode(browser_challenge("md5", kOtherId, kOtherKey), kOtherKey);
  EXPECT_EQ(validate_1x(seccode).body, md5_hex(seccode));
}

TEST_F(CloudStateTest, ValidateNeedsNoSdkField) {
  const std::string challenge = browser_challenge("sha256");
  EXPECT_TRUE(accepted(validate(challenge, good_seccode(challenge))));
}

TEST_F(CloudStateTest, ValidateAcceptsCaptchaidAndGtThatAgree) {
  const std::string challenge = browser_challenge();
  EXPECT_TRUE(accepted(state_.validate({kId, kId, challenge, good_seccode(challenge), "1"}).body));
}

TEST_F(CloudStateTest, ValidateRejectsCaptchaidAndGtThatDifferAndLeavesTheChallengeUnspent) {
  const std::string challenge = browser_challenge();
  const std::string seccode = good_seccode(challenge);
  EXPECT_FALSE(accepted(state_.validate({kId, kOtherId, challenge, seccode, "1"}).body));
  EXPECT_FALSE(accepted(state_.validate({kOtherId, kId, std::nullopt, seccode, "1"}).body));
  EXPECT_TRUE(accepted(validate(challenge, seccode)));
}

TEST_F(CloudStateTest, ValidateRejectsInBareTextWithoutJsonFormat) {
  browser_challenge();
  const ValidateAnswer answer = validate_1x("a|jordan");
  EXPECT_EQ(answer.body, "false");
  EXPECT_FALSE(answer.json);
}

TEST_F(CloudStateTest, ValidateRejectsInJsonWithJsonFormat) {
  const ValidateAnswer answer = validate_2x("a|jordan");
  EXPECT_EQ(answer.body, R"({"seccode": "false"})");
  EXPECT_TRUE(answer.json);
}

TEST_F(CloudStateTest, ValidateRejectsAWrongSeccodeSentAlone) {
  const std::string challenge = browser_challenge();
  EXPECT_EQ(validate_1x("a|jordan").body, "false");
  EXPECT_EQ(validate_1x(online_validate_for(Secret(std::string(kKey)), challenge)).body, "false");
  EXPECT_FALSE(accepted(validate_2x(good_seccode(challenge, kOtherKey)).body));
  EXPECT_EQ(validate_1x("").body, "false");
  EXPECT_EQ(state_.validate({kId, std::nullopt, challenge, std::nullopt, "1"}).body,
            R"({"seccode": "false"})");
}

TEST_F(CloudStateTest, ValidateRejectsAReplayInEveryDialect) {
  using Dialect = std::function<bool(const std::string& challenge, const std::string& seccode)>;
  const std::vector<std::pair<std::string, Dialect>> dialects = {
      {"1.x", [this](const auto&, const auto& s) { return validate_1x(s).body != "false"; }},
      {"2.0.0", [this](const auto&, const auto& s) { return accepted(validate_2x(s).body); }},
      {"bypass", [this](const auto& c, const auto& s) { return accepted(validate(c, s)); }},
  };
  for (const auto& [first_name, first] : dialects) {
    const std::string challenge = browser_challenge();
    const std::string seccode = good_seccode(challenge);
    ASSERT_TRUE(first(challenge, seccode)) << first_name;
    for (const auto& [replay_name, replay] : dialects) {
      EXPECT_FALSE(replay(challenge, seccode)) << first_name << " then " << replay_name;
    }
  }
}

TEST_F(CloudStateTest, ValidateRejectsASeccodeOfAnotherAppsChallenge) {
  const std::string challenge = browser_challenge("md5", kOtherId, kOtherKey);
  const std::string seccode = good_seccode(challenge, kOtherKey);
  EXPECT_FALSE(accepted(validate_2x(seccode, kId).body));
  EXPECT_FALSE(accepted(state_.validate({kId, std::nullopt, std::nullopt, seccode, "1"}).body));
  EXPECT_TRUE(accepted(validate_2x(seccode, kOtherId).body));
}

TEST_F(CloudStateTest, ValidateRejectsAnUnknownGt) {
  const std::string seccode = good_seccode(browser_challenge());
  EXPECT_FALSE(accepted(validate_2x(seccode, "1234567890").body));
  EXPECT_TRUE(accepted(validate_2x(seccode).body));
}

TEST_F(CloudStateTest, ValidateRejectsTheSeccodeOfAChallengeItNeverIssued) {
  browser_challenge();
  const std::string seccode = good_seccode(std::string(32, 'a'));
  EXPECT_EQ(validate_1x(seccode).body, "false");
  EXPECT_FALSE(accepted(validate_2x(seccode).body));
}

TEST_F(CloudStateTest, ValidateRejectsTheSeccodeAloneOfAnExpiredChallenge) {
  const std::string seccode = good_seccode(browser_challenge());
  clock_.advance(std::chrono::seconds(61));
  EXPECT_EQ(validate_1x(seccode).body, "false");
  EXPECT_FALSE(accepted(validate_2x(seccode).body));
}

TEST_F(CloudStateTest, SeccodeIndexIsForgottenWithItsChallenges) {
  for (int i = 0; i < 1500; ++i) state_.register_challenge(kId, "md5", true);
  EXPECT_EQ(state_.remembered_seccodes(), state_.remembered());
  clock_.advance(std::chrono::seconds(61));
  state_.register_challenge(kId, "md5", true);
  EXPECT_EQ(state_.remembered_seccodes(), 1u);
}

TEST(DemoApp, IsAValidPair) {
  const App app = demo_app();
  EXPECT_EQ(app.captcha_id.size(), 32u);
  EXPECT_EQ(app.private_key.reveal().size(), 32u);
}

}  // namespace
}  // namespace gt3::cloudsim
