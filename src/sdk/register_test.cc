#include "gt3/register.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "gt3/version.h"

namespace gt3 {
namespace {

constexpr std::string_view kId = "0123456789abcdef0123456789abcdef";
constexpr std::string_view kOrigin = "e10adc3949ba59abbe56e057f20f883e";

TEST(RegisterUrl, CarriesTheMandatoryParametersInOrder) {
  EXPECT_EQ(register_url("http://api.geetest.com", kId, DigestMod::kMd5, {}),
            "http://api.geetest.com/register.php?gt=0123456789abcdef0123456789abcdef"
            "&json_format=1&sdk=cpp-gt3-bypass%3A" +
                std::string(kVersion) + "&digestmod=md5");
}

TEST(RegisterUrl, NamesTheDigestmod) {
  EXPECT_NE(
      register_url("http://h", kId, DigestMod::kHmacSha256, {}).find("&digestmod=hmac-sha256"),
      std::string::npos);
  EXPECT_NE(register_url("http://h", kId, DigestMod::kSha256, {}).find("&digestmod=sha256"),
            std::string::npos);
}

TEST(RegisterUrl, ForwardsUserParametersEncoded) {
  const UserInfo user{"alice@example.com", ClientType::kNative, "2001:db8::1"};
  const std::string url = register_url("http://h", kId, DigestMod::kMd5, user);
  EXPECT_NE(
      url.find("&user_id=alice%40example.com&client_type=native&ip_address=2001%3Adb8%3A%3A1"),
      std::string::npos)
      << url;
}

TEST(RegisterUrl, OmitsEmptyOptionalParameters) {
  const std::string url = register_url("http://h", kId, DigestMod::kMd5, {"", std::nullopt, ""});
  EXPECT_EQ(url.find("user_id"), std::string::npos);
  EXPECT_EQ(url.find("client_type"), std::string::npos);
  EXPECT_EQ(url.find("ip_address"), std::string::npos);
}

TEST(RegisterUrl, IgnoresTrailingSlashOfTheBase) {
  EXPECT_EQ(register_url("http://127.0.0.1:9/", kId, DigestMod::kMd5, {})
                .rfind("http://127.0.0.1:9/register.php?", 0),
            0u);
}

TEST(RegisterUrl, EncodesAHostileCaptchaId) {
  const std::string url = register_url("http://h", "a&digestmod=sha256", DigestMod::kMd5, {});
  EXPECT_NE(url.find("gt=a%26digestmod%3Dsha256&"), std::string::npos) << url;
}

TEST(ParseRegisterAnswer, AcceptsA32HexChallenge) {
  const auto r = parse_register_answer(R"({"challenge": "e10adc3949ba59abbe56e057f20f883e"})");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, kOrigin);
}

TEST(ParseRegisterAnswer, IgnoresExtraFields) {
  const auto r = parse_register_answer(
      R"({"success": 1, "challenge": "e10adc3949ba59abbe56e057f20f883e", "x": [1]})");
  ASSERT_TRUE(r);
}

Reason reason_of(std::string_view body) {
  const auto r = parse_register_answer(body);
  return r ? Reason::kOk : r.error().reason;
}

TEST(ParseRegisterAnswer, ChallengeZeroMeansFailure) {
  EXPECT_EQ(reason_of(R"({"challenge": "0"})"), Reason::kChallengeZero);
}

TEST(ParseRegisterAnswer, EmptyChallengeMeansFailure) {
  EXPECT_EQ(reason_of(R"({"challenge": ""})"), Reason::kChallengeEmpty);
}

TEST(ParseRegisterAnswer, MissingChallengeMeansFailure) {
  EXPECT_EQ(reason_of(R"({"status": "success"})"), Reason::kChallengeMissing);
}

TEST(ParseRegisterAnswer, NonJsonIsNamed) {
  EXPECT_EQ(reason_of("<html><body>Search</body></html>"), Reason::kNotJson);
  EXPECT_EQ(reason_of(""), Reason::kNotJson);
  EXPECT_EQ(reason_of(R"({"challenge": "e10adc3949ba59abbe56e057f20f883e")"), Reason::kNotJson);
}

TEST(ParseRegisterAnswer, JsonOfTheWrongTypeIsNamed) {
  EXPECT_EQ(reason_of(R"(["e10adc3949ba59abbe56e057f20f883e"])"), Reason::kWrongType);
  EXPECT_EQ(reason_of(R"("e10adc3949ba59abbe56e057f20f883e")"), Reason::kWrongType);
  EXPECT_EQ(reason_of(R"({"challenge": 0})"), Reason::kWrongType);
  EXPECT_EQ(reason_of(R"({"challenge": null})"), Reason::kWrongType);
  EXPECT_EQ(reason_of(R"({"challenge": {"a": 1}})"), Reason::kWrongType);
}

TEST(ParseRegisterAnswer, ChallengeOfTheWrongShapeIsNamed) {
  EXPECT_EQ(reason_of(R"({"challenge": "e10adc3949ba59abbe56e057f20f883"})"),
            Reason::kChallengeMalformed);
  EXPECT_EQ(reason_of(R"({"challenge": "z10adc3949ba59abbe56e057f20f883e"})"),
            Reason::kChallengeMalformed);
}

TEST(ParseRegisterAnswer, ReadsOnlyTheTopLevelFieldAndTheLastOfDuplicates) {
  EXPECT_EQ(reason_of(R"({"a": {"challenge": "e10adc3949ba59abbe56e057f20f883e"}})"),
            Reason::kChallengeMissing);
  EXPECT_EQ(reason_of(R"({"a": [{"challenge": "e10adc3949ba59abbe56e057f20f883e"}]})"),
            Reason::kChallengeMissing);
  const auto last = parse_register_answer(
      R"({"challenge": "0", "challenge": "e10adc3949ba59abbe56e057f20f883e"})");
  ASSERT_TRUE(last);
  EXPECT_EQ(*last, kOrigin);
  EXPECT_EQ(reason_of(R"({"challenge": "e10adc3949ba59abbe56e057f20f883e", "challenge": 1})"),
            Reason::kWrongType);
  EXPECT_EQ(reason_of(R"({"challenge": {"challenge": "e10adc3949ba59abbe56e057f20f883e"}})"),
            Reason::kWrongType);
}

TEST(ParseRegisterAnswer, ABrokenEndIsNotJsonEvenAfterTheField) {
  EXPECT_EQ(reason_of(R"({"challenge": "e10adc3949ba59abbe56e057f20f883e"} x)"), Reason::kNotJson);
  EXPECT_EQ(reason_of(R"({"challenge": "e10adc3949ba59abbe56e057f20f883e", "x": [})"),
            Reason::kNotJson);
}

TEST(ParseRegisterAnswer, SurvivesDeeplyNestedJson) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(reason_of(deep), Reason::kWrongType);
}

TEST(ParseRegisterAnswer, DetailQuotesTheStartOfABadAnswer) {
  const auto r = parse_register_answer("<html>down</html>");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().detail.find("<html>down"), std::string::npos);
}

TEST(RegisterResult, OnlineAnswerIsExactlyWhatGtJsExpects) {
  const auto r = RegisterResult::online(std::string(kId), "8cd647f4cec7bdfe190aee5399a6a638");
  EXPECT_EQ(r.to_json(), R"({"success":1,"gt":"0123456789abcdef0123456789abcdef",)"
                         R"("challenge":"8cd647f4cec7bdfe190aee5399a6a638","new_captcha":true})");
}

TEST(RegisterResult, OfflineAnswerHasSuccessZeroAndKeepsTheReasonOutOfTheJson) {
  const auto r = RegisterResult::offline(std::string(kId), "abcdefghijklmnopqrstuvwxyz012345",
                                         {Reason::kTimeout, "800 ms"});
  EXPECT_EQ(r.mode, CaptchaMode::kOffline);
  EXPECT_EQ(r.reason, Reason::kTimeout);
  const auto json = nlohmann::json::parse(r.to_json());
  EXPECT_EQ(json["success"], 0);
  EXPECT_TRUE(json["success"].is_number_integer());
  EXPECT_EQ(json["new_captcha"], true);
  EXPECT_EQ(json["challenge"], "abcdefghijklmnopqrstuvwxyz012345");
  EXPECT_EQ(json.size(), 4u);
}

}  // namespace
}  // namespace gt3
