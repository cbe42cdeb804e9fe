#include "gt3/geetest_client.h"

#include <gtest/gtest.h>

#include <optional>

#include "gt3/local_challenge.h"
#include "testing/scripted_http_client.h"

namespace gt3 {
namespace {

using testing::ScriptedHttpClient;

constexpr std::string_view kId = "0123456789abcdef0123456789abcdef";
constexpr std::string_view kKey = "fedcba9876543210fedcba9876543210";
constexpr std::string_view kOrigin = "e10adc3949ba59abbe56e057f20f883e";

class GeetestClientTest : public ::testing::Test {
 protected:
  GeetestConfig config() {
    GeetestConfig c;
    c.captcha_id = std::string(kId);
    c.private_key = Secret(std::string(kKey));
    c.api_url = "http://127.0.0.1:9";
    c.timeout = std::chrono::milliseconds(300);
    return c;
  }

  RegisterResult register_online(const GeetestClient& client, RegisterParams params = {}) {
    std::optional<RegisterResult> result;
    client.register_online(params, [&](RegisterResult r) { result = std::move(r); });
    EXPECT_TRUE(result.has_value());
    return result.value_or(RegisterResult{});
  }

  ValidateResult validate_online(const GeetestClient& client, const ValidateForm& form) {
    std::optional<ValidateResult> result;
    client.validate_online(form, {}, [&](ValidateResult r) { result = std::move(r); });
    EXPECT_TRUE(result.has_value());
    return result.value_or(ValidateResult{});
  }

  static std::string origin_answer() {
    return R"({"challenge":")" + std::string(kOrigin) + R"("})";
  }

  ScriptedHttpClient http_;
};

TEST_F(GeetestClientTest, RegisterAsksRegisterPhpWithTheConfiguredDeadline) {
  GeetestClient client(config(), http_);
  http_.answer_next(ScriptedHttpClient::ok(origin_answer()));
  register_online(client);
  ASSERT_EQ(http_.requests().size(), 1u);
  const HttpRequest& sent = http_.requests()[0];
  EXPECT_EQ(sent.method, HttpMethod::kGet);
  EXPECT_EQ(sent.url, register_url("http://127.0.0.1:9", kId, DigestMod::kMd5, {}));
  EXPECT_EQ(sent.deadline, std::chrono::milliseconds(300));
}

TEST_F(GeetestClientTest, RegisterDigestsTheOriginChallengeOnline) {
  GeetestClient client(config(), http_);
  http_.answer_next(ScriptedHttpClient::ok(origin_answer()));
  const RegisterResult r = register_online(client);
  EXPECT_EQ(r.mode, CaptchaMode::kOnline);
  EXPECT_EQ(r.reason, Reason::kOk);
  EXPECT_EQ(r.gt, kId);
  EXPECT_EQ(r.challenge, md5_hex(std::string(kOrigin) + std::string(kKey)));
}

TEST_F(GeetestClientTest, RegisterUsesTheDigestmodOfTheRequest) {
  GeetestClient client(config(), http_);
  http_.answer_next(ScriptedHttpClient::ok(origin_answer()));
  const RegisterResult r = register_online(client, {DigestMod::kHmacSha256, {}});
  EXPECT_EQ(r.challenge, hmac_sha256_hex(kKey, kOrigin));
  EXPECT_NE(http_.requests()[0].url.find("digestmod=hmac-sha256"), std::string::npos);
}

TEST_F(GeetestClientTest, RegisterForwardsUserParameters) {
  GeetestClient client(config(), http_);
  http_.answer_next(ScriptedHttpClient::ok(origin_answer()));
  register_online(client, {std::nullopt, {"u7", ClientType::kH5, "10.0.0.7"}});
  EXPECT_NE(http_.requests()[0].url.find("&user_id=u7&client_type=h5&ip_address=10.0.0.7"),
            std::string::npos);
}

TEST_F(GeetestClientTest, RegisterChallengeZeroFallsBackOfflineWithTheInjectedChallenge) {
  GeetestClient client(config(), http_,
                       [] { return std::string("offlinechallenge0000000000000000"); });
  http_.answer_next(ScriptedHttpClient::ok(R"({"challenge":"0"})"));
  const RegisterResult r = register_online(client);
  EXPECT_EQ(r.mode, CaptchaMode::kOffline);
  EXPECT_EQ(r.reason, Reason::kChallengeZero);
  EXPECT_EQ(r.challenge, "offlinechallenge0000000000000000");
}

TEST_F(GeetestClientTest, RegisterTransportFailuresFallBackOfflineWithTheirReason) {
  GeetestClient client(config(), http_);
  // The HTTP client's transport reason passes through unchanged.
  for (Reason reason : {Reason::kTimeout, Reason::kRefused, Reason::kDns, Reason::kTls,
                        Reason::kBadBody, Reason::kNetwork}) {
    http_.answer_next(ScriptedHttpClient::fail(reason));
    const RegisterResult r = register_online(client);
    EXPECT_EQ(r.mode, CaptchaMode::kOffline) << reason_name(reason);
    EXPECT_EQ(r.reason, reason) << reason_name(reason);
    EXPECT_TRUE(is_local_challenge_shape(r.challenge)) << r.challenge;
  }
}

TEST_F(GeetestClientTest, RegisterHttpErrorStatusIsOfflineAndNamesTheCode) {
  GeetestClient client(config(), http_);
  http_.answer_next(ScriptedHttpClient::fail(Reason::kHttpStatus, 502));
  const RegisterResult r = register_online(client);
  EXPECT_EQ(r.reason, Reason::kHttpStatus);
  EXPECT_NE(r.detail.find("HTTP 502"), std::string::npos) << r.detail;
}

// A 4xx is what the cloud's front end answers to a request too large (413, 414, 431) or a
// customer over its rate (429): caused by the request, so a verdict, never an outage.
TEST_F(GeetestClientTest, Register4xxIsARefusalOfTheRequestNotACloudFailure) {
  GeetestClient client(config(), http_);
  for (int status : {400, 413, 414, 429, 431}) {
    http_.answer_next(ScriptedHttpClient::fail(Reason::kHttpStatus, status));
    const RegisterResult r = register_online(client);
    EXPECT_EQ(r.reason, Reason::kRequestRefused) << status;
    EXPECT_FALSE(is_cloud_failure(r.reason)) << status;
    EXPECT_NE(r.detail.find("HTTP " + std::to_string(status)), std::string::npos) << r.detail;
  }
}

TEST_F(GeetestClientTest, Validate4xxIsARefusalAnd5xxACloudFailure) {
  GeetestClient client(config(), http_);
  http_.answer_next(ScriptedHttpClient::fail(Reason::kHttpStatus, 413));
  const ValidateResult refused = validate_online(client, {"c", "v", "s"});
  EXPECT_EQ(refused.reason, Reason::kRequestRefused);
  EXPECT_FALSE(is_cloud_failure(refused.reason));
  http_.answer_next(ScriptedHttpClient::fail(Reason::kHttpStatus, 503));
  const ValidateResult broken = validate_online(client, {"c", "v", "s"});
  EXPECT_EQ(broken.reason, Reason::kHttpStatus);
  EXPECT_TRUE(is_cloud_failure(broken.reason));
}

TEST_F(GeetestClientTest, RegisterHtmlPageIsOffline) {
  GeetestClient client(config(), http_);
  http_.answer_next(ScriptedHttpClient::ok("<!doctype html><title>Search</title>"));
  EXPECT_EQ(register_online(client).reason, Reason::kNotJson);
}

TEST_F(GeetestClientTest, RegisterCompletesWhenTheAnswerArrivesLater) {
  GeetestClient client(config(), http_);
  std::optional<RegisterResult> result;
  {
    RegisterParams params{DigestMod::kSha256, {"temporary", std::nullopt, ""}};
    client.register_online(params, [&](RegisterResult r) { result = std::move(r); });
  }
  EXPECT_FALSE(result.has_value());
  ASSERT_EQ(http_.held(), 1u);
  http_.complete_held(ScriptedHttpClient::ok(origin_answer()));
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->challenge, sha256_hex(std::string(kOrigin) + std::string(kKey)));
}

TEST_F(GeetestClientTest, RegisterOfflineAsksNobody) {
  GeetestClient client(config(), http_);
  const RegisterResult r = client.register_offline({Reason::kCloudUnavailable, {}});
  EXPECT_TRUE(http_.requests().empty());
  EXPECT_EQ(r.mode, CaptchaMode::kOffline);
  EXPECT_EQ(r.reason, Reason::kCloudUnavailable);
  EXPECT_TRUE(is_local_challenge_shape(r.challenge));
}

TEST_F(GeetestClientTest, ValidateWithABlankFieldFailsWithoutACall) {
  GeetestClient client(config(), http_);
  const ValidateResult r = validate_online(client, {"c", "", "s"});
  EXPECT_FALSE(r.success);
  EXPECT_EQ(r.reason, Reason::kBlankField);
  EXPECT_NE(r.detail.find("geetest_validate"), std::string::npos);
  EXPECT_TRUE(http_.requests().empty());
}

TEST_F(GeetestClientTest, ValidatePostsTheFormToValidatePhp) {
  GeetestClient client(config(), http_);
  http_.answer_next(ScriptedHttpClient::ok(R"({"seccode":"ce503e8ba8d45ab7a79da28aa4aec4a9"})"));
  const ValidateForm form{"c0", "v0", "v0|jordan"};
  const ValidateResult r = validate_online(client, form);
  EXPECT_TRUE(r.success);
  EXPECT_EQ(r.mode, CaptchaMode::kOnline);
  ASSERT_EQ(http_.requests().size(), 1u);
  const HttpRequest& sent = http_.requests()[0];
  EXPECT_EQ(sent.method, HttpMethod::kPost);
  EXPECT_EQ(sent.url, "http://127.0.0.1:9/validate.php");
  EXPECT_EQ(sent.content_type, kFormContentType);
  EXPECT_EQ(sent.body, validate_body(form, kId, {}));
  EXPECT_EQ(sent.deadline, std::chrono::milliseconds(300));
}

TEST_F(GeetestClientTest, ValidateRejectedByTheCloudIsARejection) {
  GeetestClient client(config(), http_);
  http_.answer_next(ScriptedHttpClient::ok(R"({"seccode":"false"})"));
  const ValidateResult r = validate_online(client, {"c", "v", "s"});
  EXPECT_FALSE(r.success);
  EXPECT_EQ(r.reason, Reason::kSeccodeFalse);
  EXPECT_FALSE(is_cloud_failure(r.reason));
}

TEST_F(GeetestClientTest, ValidateTimeoutIsACloudFailureNotAVerdict) {
  GeetestClient client(config(), http_);
  http_.answer_next(ScriptedHttpClient::fail(Reason::kTimeout));
  const ValidateResult r = validate_online(client, {"c", "v", "s"});
  EXPECT_FALSE(r.success);
  EXPECT_EQ(r.reason, Reason::kTimeout);
  EXPECT_TRUE(is_unreachable(r.reason));
}

TEST_F(GeetestClientTest, ValidateEmptySeccodeIsACloudFailure) {
  GeetestClient client(config(), http_);
  http_.answer_next(ScriptedHttpClient::ok(R"({"seccode":""})"));
  const ValidateResult r = validate_online(client, {"c", "v", "s"});
  EXPECT_EQ(r.reason, Reason::kSeccodeEmpty);
  EXPECT_TRUE(is_cloud_failure(r.reason));
}

TEST_F(GeetestClientTest, OfflineValidateAcceptsNonBlankFieldsAsTheOfficialSdksDo) {
  GeetestClient client(config(), http_);
  const ValidateResult ok = client.validate_offline({"c", "v", "s"});
  EXPECT_TRUE(ok.success);
  EXPECT_EQ(ok.mode, CaptchaMode::kOffline);
  const ValidateResult blank = client.validate_offline({"c", "v", "\t"});
  EXPECT_FALSE(blank.success);
  EXPECT_EQ(blank.reason, Reason::kBlankField);
  EXPECT_TRUE(http_.requests().empty());
}

TEST_F(GeetestClientTest, ThePrivateKeyNeverLeavesTheServer) {
  GeetestClient client(config(), http_);
  http_.answer_next(ScriptedHttpClient::ok(origin_answer()));
  http_.answer_next(ScriptedHttpClient::ok(R"({"seccode":"x"})"));
  register_online(client, {std::nullopt, {"u", ClientType::kWeb, "1.1.1.1"}});
  validate_online(client, {"c", "v", "s"});
  for (const HttpRequest& sent : http_.requests()) {
    EXPECT_EQ(sent.url.find(kKey), std::string::npos);
    EXPECT_EQ(sent.body.find(kKey), std::string::npos);
  }
}

}  // namespace
}  // namespace gt3
