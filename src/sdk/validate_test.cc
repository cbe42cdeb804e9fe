#include "gt3/validate.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "gt3/version.h"

namespace gt3 {
namespace {

TEST(IsBlank, EmptyAndWhitespaceAreBlank) {
  EXPECT_TRUE(is_blank(""));
  EXPECT_TRUE(is_blank(" \t\r\n"));
  EXPECT_FALSE(is_blank(" x "));
}

TEST(FirstBlankField, NamesTheFirstMissingField) {
  EXPECT_EQ(first_blank_field({"", "v", "s"}), "geetest_challenge");
  EXPECT_EQ(first_blank_field({"c", " ", "s"}), "geetest_validate");
  EXPECT_EQ(first_blank_field({"c", "v", ""}), "geetest_seccode");
  EXPECT_EQ(first_blank_field({"c", "v", "s"}), std::nullopt);
}

TEST(ValidateUrl, IsValidatePhpUnderTheBase) {
  EXPECT_EQ(validate_url("http://api.geetest.com/"), "http://api.geetest.com/validate.php");
}

TEST(ValidateBody, CarriesTheProtocolFieldsInOrder) {
  const ValidateForm form{"8cd647f4cec7bdfe190aee5399a6a638", "v",
                          "6b2cea46eba16937a7418af872dacf78|jordan"};
  EXPECT_EQ(validate_body(form, "gtid", {}),
            "seccode=6b2cea46eba16937a7418af872dacf78%7Cjordan&json_format=1"
            "&challenge=8cd647f4cec7bdfe190aee5399a6a638&sdk=cpp-gt3-bypass%3A" +
                std::string(kVersion) + "&captchaid=gtid");
}

TEST(ValidateBody, ForwardsUserParameters) {
  const std::string body =
      validate_body({"c", "v", "s"}, "gtid", {"u 1", ClientType::kWeb, "1.2.3.4"});
  EXPECT_NE(body.find("&captchaid=gtid&user_id=u%201&client_type=web&ip_address=1.2.3.4"),
            std::string::npos)
      << body;
}

TEST(ValidateBody, CannotBeSplicedByFieldValues) {
  const std::string body = validate_body({"c&captchaid=evil", "v", "s=1"}, "gtid", {});
  EXPECT_EQ(body.find("&captchaid=evil"), std::string::npos) << body;
  EXPECT_NE(body.find("seccode=s%3D1&"), std::string::npos) << body;
}

Reason reason_of(std::string_view body) {
  const auto r = parse_validate_answer(body);
  return r ? Reason::kOk : r.error().reason;
}

TEST(ParseValidateAnswer, AnySeccodeButFalseIsSuccess) {
  EXPECT_EQ(reason_of(R"({"seccode": "ce503e8ba8d45ab7a79da28aa4aec4a9"})"), Reason::kOk);
}

TEST(ParseValidateAnswer, FalseIsARejection) {
  EXPECT_EQ(reason_of(R"({"seccode": "false"})"), Reason::kSeccodeFalse);
  EXPECT_FALSE(is_cloud_failure(Reason::kSeccodeFalse));
}

TEST(ParseValidateAnswer, EmptyOrMissingSeccodeIsAFailedCall) {
  EXPECT_EQ(reason_of(R"({"seccode": ""})"), Reason::kSeccodeEmpty);
  EXPECT_EQ(reason_of(R"({})"), Reason::kSeccodeMissing);
  EXPECT_TRUE(is_cloud_failure(Reason::kSeccodeEmpty));
  EXPECT_TRUE(is_cloud_failure(Reason::kSeccodeMissing));
}

TEST(ParseValidateAnswer, NonJsonAndWrongTypesAreFailedCalls) {
  EXPECT_EQ(reason_of("false"), Reason::kWrongType);
  EXPECT_EQ(reason_of("<html></html>"), Reason::kNotJson);
  EXPECT_EQ(reason_of(R"({"seccode": false})"), Reason::kWrongType);
  EXPECT_EQ(reason_of(R"({"seccode": 1})"), Reason::kWrongType);
}

TEST(ValidateResult, SuccessAnswerCarriesTheVersion) {
  EXPECT_EQ(ValidateResult::accepted(CaptchaMode::kOnline).to_json(),
            R"({"result":"success","version":")" + std::string(kSdkVersion) + R"("})");
}

TEST(ValidateResult, FailAnswerSaysWhyWithAStableReason) {
  const auto r = ValidateResult::rejected(CaptchaMode::kOnline, {Reason::kSeccodeFalse, {}});
  const auto json = nlohmann::json::parse(r.to_json());
  EXPECT_EQ(json["result"], "fail");
  EXPECT_EQ(json["version"], kSdkVersion);
  EXPECT_EQ(json["reason"], "seccode_false");
  EXPECT_EQ(json["msg"], reason_message(Reason::kSeccodeFalse));
}

TEST(ValidateResult, FailAnswerNamesTheBlankFieldButNotCloudDetails) {
  const auto blank = nlohmann::json::parse(
      ValidateResult::rejected(CaptchaMode::kOnline,
                               {Reason::kBlankField, "geetest_seccode is blank"})
          .to_json());
  EXPECT_NE(blank["msg"].get<std::string>().find("geetest_seccode is blank"), std::string::npos);
  const auto cloud = nlohmann::json::parse(
      ValidateResult::rejected(CaptchaMode::kOnline, {Reason::kNotJson, "answer: <html>internal"})
          .to_json());
  EXPECT_EQ(cloud["msg"].get<std::string>().find("internal"), std::string::npos);
  // A 4xx is not a cloud failure, but what the cloud said about it is the cloud's detail too.
  const auto refused = nlohmann::json::parse(
      ValidateResult::rejected(CaptchaMode::kOnline,
                               {Reason::kRequestRefused, "HTTP 429: from 10.1.2.3:80"})
          .to_json());
  EXPECT_EQ(refused["reason"], "request_refused");
  EXPECT_EQ(refused["msg"].get<std::string>().find("10.1.2.3"), std::string::npos);
}

// Answers are written by hand (sdk/json_text.h): whatever a detail holds, the answer parses.
TEST(ValidateResult, AFailAnswerIsValidJsonWhateverTheDetailHolds) {
  const std::string detail = "\"quoted\" \\ \n \x01 \xff end";
  const auto json = nlohmann::json::parse(
      ValidateResult::rejected(CaptchaMode::kOffline, {Reason::kBlankField, detail}).to_json());
  const std::string msg = json["msg"].get<std::string>();
  EXPECT_NE(msg.find("\"quoted\" \\ \n \x01 \xef\xbf\xbd end"), std::string::npos) << msg;
}

}  // namespace
}  // namespace gt3
