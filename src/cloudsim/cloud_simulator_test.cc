// The simulator over real loopback sockets, driven by the project's real HTTP client and
// GeetestClient: what the rest of the test suite and the benchmarks rely on.
#include "cloudsim/cloud_simulator.h"

#include <gtest/gtest.h>

#include <future>
#include <nlohmann/json.hpp>

#include "gt3/asio_http_client.h"
#include "gt3/geetest_client.h"
#include "http/io_threads.h"
#include "testing/raw_exchange.h"

namespace gt3::cloudsim {
namespace {

using std::chrono::milliseconds;

constexpr std::string_view kId = "0123456789abcdef0123456789abcdef";
constexpr std::string_view kKey = "fedcba9876543210fedcba9876543210";
constexpr auto kSafetyNet = std::chrono::seconds(20);  // a hung test fails instead of hanging

template <class T>
T await(std::future<T> future) {
  if (future.wait_for(kSafetyNet) != std::future_status::ready) {
    ADD_FAILURE() << "no completion within the safety net";
    std::abort();
  }
  return future.get();
}

class CloudSimulatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CloudSimulatorOptions options;
    options.apps = {App{std::string(kId), Secret(std::string(kKey))}};
    sim_ = std::make_unique<CloudSimulator>(io_.context(), options);
    ASSERT_TRUE(sim_->start().has_value());
  }

  std::string cloud_url() const { return "http://127.0.0.1:" + std::to_string(sim_->cloud_port()); }
  std::string control_url() const {
    return "http://127.0.0.1:" + std::to_string(sim_->control_port()) + "/__control";
  }

  HttpOutcome call(HttpRequest request) {
    auto promise = std::make_shared<std::promise<HttpOutcome>>();
    auto future = promise->get_future();
    http_.send(std::move(request), [promise](HttpOutcome o) { promise->set_value(std::move(o)); });
    return await(std::move(future));
  }

  HttpOutcome get(std::string url, milliseconds deadline = milliseconds(5000)) {
    return call({HttpMethod::kGet, std::move(url), "", "", deadline, {}});
  }

  HttpOutcome post_control(std::string json) {
    return call({HttpMethod::kPost,
                 control_url(),
                 "application/json",
                 std::move(json),
                 milliseconds(5000),
                 {}});
  }

  void set_mode(std::string_view mode, std::string_view endpoint = "") {
    nlohmann::json body{{"mode", mode}};
    if (!endpoint.empty()) body["endpoint"] = endpoint;
    const HttpOutcome answer = post_control(body.dump());
    ASSERT_TRUE(answer.has_value()) << answer.error().detail;
  }

  HttpOutcome bypass_status(std::string_view id = kId) {
    return get(cloud_url() + "/v1/bypass_status.php?gt=" + std::string(id), milliseconds(1000));
  }

  std::string status_of(const HttpOutcome& outcome) {
    if (!outcome) return std::string(reason_name(outcome.error().reason));
    return nlohmann::json::parse(outcome->body)["status"].get<std::string>();
  }

  GeetestClient cloud_client(milliseconds timeout = milliseconds(2000), std::string_view id = kId) {
    GeetestConfig config;
    config.captcha_id = std::string(id);
    config.private_key = Secret(std::string(kKey));
    config.api_url = cloud_url();
    config.timeout = timeout;
    return GeetestClient(config, http_);
  }

  RegisterResult register_with(const GeetestClient& client, std::optional<DigestMod> mod = {}) {
    auto promise = std::make_shared<std::promise<RegisterResult>>();
    auto future = promise->get_future();
    client.register_online({mod, {}}, [promise](RegisterResult r) { promise->set_value(r); });
    return await(std::move(future));
  }

  ValidateResult validate_with(const GeetestClient& client, const ValidateForm& form) {
    auto promise = std::make_shared<std::promise<ValidateResult>>();
    auto future = promise->get_future();
    client.validate_online(form, {}, [promise](ValidateResult r) { promise->set_value(r); });
    return await(std::move(future));
  }

  ValidateForm solve(std::string_view challenge) {
    const HttpOutcome answer = get(cloud_url() + "/sim/solve?gt=" + std::string(kId) +
                                   "&challenge=" + std::string(challenge));
    EXPECT_TRUE(answer.has_value());
    if (!answer) return {};
    const auto json = nlohmann::json::parse(answer->body);
    return {json["geetest_challenge"], json["geetest_validate"], json["geetest_seccode"]};
  }

  http::IoThreads io_{2};
  AsioHttpClient http_{io_.context()};
  std::unique_ptr<CloudSimulator> sim_;
};

TEST_F(CloudSimulatorTest, AvailabilityIsSuccessForItsAppAndFailForAnInvalidId) {
  EXPECT_EQ(status_of(bypass_status()), "success");
  EXPECT_EQ(status_of(bypass_status("1234567890")), "fail");
  const HttpOutcome posted = call({HttpMethod::kPost,
                                   cloud_url() + "/v1/bypass_status.php",
                                   "application/x-www-form-urlencoded",
                                   "gt=" + std::string(kId),
                                   milliseconds(1000),
                                   {}});
  EXPECT_EQ(status_of(posted), "success");
}

TEST_F(CloudSimulatorTest, OnlineRoundTripWorksForEveryDigestmodAndRefusesReplays) {
  const GeetestClient client = cloud_client();
  for (DigestMod mod : {DigestMod::kMd5, DigestMod::kSha256, DigestMod::kHmacSha256}) {
    const RegisterResult registered = register_with(client, mod);
    ASSERT_EQ(registered.mode, CaptchaMode::kOnline) << reason_name(registered.reason);
    const ValidateForm form = solve(registered.challenge);
    EXPECT_TRUE(validate_with(client, form).success) << digestmod_name(mod);
    EXPECT_EQ(validate_with(client, form).reason, Reason::kSeccodeFalse) << "replay";
  }
  EXPECT_EQ(sim_->counters().register_, 3u);
  EXPECT_EQ(sim_->counters().validate, 6u);
}

TEST_F(CloudSimulatorTest, AWrongSolutionIsRejected) {
  const GeetestClient client = cloud_client();
  const RegisterResult registered = register_with(client);
  ValidateForm form = solve(registered.challenge);
  form.seccode = "0000|jordan";
  EXPECT_EQ(validate_with(client, form).reason, Reason::kSeccodeFalse);
}

TEST_F(CloudSimulatorTest, RemembersAtMostMaxChallengesAndForgetsTheOldestFirst) {
  sim_->stop();
  CloudSimulatorOptions options;
  options.apps = {App{std::string(kId), Secret(std::string(kKey))}};
  options.max_challenges = 2;
  sim_ = std::make_unique<CloudSimulator>(io_.context(), options);
  ASSERT_TRUE(sim_->start().has_value());
  const GeetestClient client = cloud_client();
  std::vector<std::string> challenges;
  for (int i = 0; i < 3; ++i) challenges.push_back(register_with(client).challenge);
  const HttpOutcome oldest = get(cloud_url() + "/sim/solve?gt=" + std::string(kId) +
                                 "&challenge=" + challenges[0]);
  ASSERT_FALSE(oldest.has_value());
  EXPECT_EQ(oldest.error().status, 404);
  for (int i = 1; i < 3; ++i) EXPECT_TRUE(validate_with(client, solve(challenges[i])).success) << i;
}

TEST_F(CloudSimulatorTest, AnInvalidIdRegistersChallengeZero) {
  const RegisterResult r = register_with(cloud_client(milliseconds(2000), "1234567890"));
  EXPECT_EQ(r.mode, CaptchaMode::kOffline);
  EXPECT_EQ(r.reason, Reason::kChallengeZero);
}

TEST_F(CloudSimulatorTest, HangMakesCloudCallsTimeOut) {
  set_mode("hang", "register");
  const RegisterResult r = register_with(cloud_client(milliseconds(200)));
  EXPECT_EQ(r.reason, Reason::kTimeout);
  EXPECT_EQ(status_of(bypass_status()), "success");
  EXPECT_EQ(sim_->counters().register_, 1u);
}

TEST_F(CloudSimulatorTest, DownRefusesConnectionsAndUpRestoresThemRepeatedly) {
  for (int round = 0; round < 3; ++round) {
    set_mode("down");
    EXPECT_EQ(status_of(bypass_status()), "refused") << round;
    set_mode("up");
    EXPECT_EQ(status_of(bypass_status()), "success") << round;
  }
}

TEST_F(CloudSimulatorTest, Http500IsAnHttpStatusFailure) {
  set_mode("http500");
  const HttpOutcome answer = bypass_status();
  ASSERT_FALSE(answer.has_value());
  EXPECT_EQ(answer.error().reason, Reason::kHttpStatus);
  EXPECT_EQ(answer.error().status, 500);
}

TEST_F(CloudSimulatorTest, Http429IsAnHttpStatusFailureWithAJsonBody) {
  set_mode("http429");
  const HttpOutcome answer = bypass_status();
  ASSERT_FALSE(answer.has_value());
  EXPECT_EQ(answer.error().reason, Reason::kHttpStatus);
  EXPECT_EQ(answer.error().status, 429);
  EXPECT_NE(register_with(cloud_client()).mode, CaptchaMode::kOnline);
  EXPECT_EQ(sim_->counters().bypass, 1u);
  EXPECT_EQ(sim_->counters().register_, 1u);
}

TEST_F(CloudSimulatorTest, Http429AnswersASmallJsonBodyAndRetryAfter) {
  set_mode("http429", "validate");
  const auto answer = testing::raw_exchange(
      sim_->cloud_port(), testing::raw_request("POST", "/validate.php", "", "seccode=x"));
  EXPECT_EQ(answer.status, 429);
  EXPECT_EQ(answer.header("Retry-After"), "1");
  const auto body = nlohmann::json::parse(answer.body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << answer.body;
  EXPECT_EQ(body["error"], "too_many_requests");
  EXPECT_FALSE(body.contains("seccode"));
  EXPECT_LT(answer.body.size(), 200u);
}

TEST_F(CloudSimulatorTest, Http429OnOneEndpointLeavesTheOthersUp) {
  set_mode("http429", "register");
  EXPECT_EQ(status_of(bypass_status()), "success");
  const RegisterResult r = register_with(cloud_client());
  EXPECT_EQ(r.mode, CaptchaMode::kOffline);
  // A 4xx is the cloud's verdict on the request, not an outage.
  EXPECT_EQ(r.reason, Reason::kRequestRefused) << reason_name(r.reason);
  EXPECT_FALSE(is_cloud_failure(r.reason));
  EXPECT_EQ(sim_->mode(Endpoint::kRegister), (FaultMode{Fault::kHttp429, {}}));
  EXPECT_EQ(sim_->mode(Endpoint::kValidate), FaultMode{});
}

TEST_F(CloudSimulatorTest, HtmlModeAnswersAPageThatIsNotJson) {
  set_mode("html");
  const HttpOutcome answer = bypass_status();
  ASSERT_TRUE(answer.has_value());
  EXPECT_NE(answer->body.find("<html>"), std::string::npos);
  EXPECT_EQ(register_with(cloud_client()).reason, Reason::kNotJson);
}

TEST_F(CloudSimulatorTest, StatusFailChangesOnlyTheAvailabilityAnswer) {
  set_mode("status-fail");
  EXPECT_EQ(status_of(bypass_status()), "fail");
  EXPECT_EQ(register_with(cloud_client()).mode, CaptchaMode::kOnline);
}

TEST_F(CloudSimulatorTest, SlowStillAnswers) {
  set_mode("slow:50");
  EXPECT_EQ(status_of(bypass_status()), "success");
}

TEST_F(CloudSimulatorTest, OneEndpointDownDropsOnlyItsConnections) {
  set_mode("down", "register");
  const RegisterResult r = register_with(cloud_client());
  EXPECT_EQ(r.mode, CaptchaMode::kOffline);
  EXPECT_TRUE(is_cloud_failure(r.reason)) << reason_name(r.reason);
  EXPECT_EQ(status_of(bypass_status()), "success");
}

TEST_F(CloudSimulatorTest, FlapAlternatesBetweenRefusedAndAnswered) {
  set_mode("flap:40");
  bool refused = false;
  bool answered = false;
  for (int i = 0; i < 5000 && !(refused && answered); ++i) {
    const std::string status = status_of(bypass_status());
    refused |= status == "refused";
    answered |= status == "success";
  }
  EXPECT_TRUE(refused);
  EXPECT_TRUE(answered);
}

TEST_F(CloudSimulatorTest, ControlReportsModesAndCounters) {
  set_mode("slow:20", "validate");
  bypass_status();
  const HttpOutcome answer = get(control_url());
  ASSERT_TRUE(answer.has_value());
  const auto json = nlohmann::json::parse(answer->body);
  EXPECT_EQ(json["modes"]["validate"], "slow:20");
  EXPECT_EQ(json["modes"]["bypass"], "up");
  EXPECT_EQ(json["counters"]["bypass"], 1);
  EXPECT_EQ(json["listening"], true);
}

TEST_F(CloudSimulatorTest, ControlRejectsBadInputNamingWhatIsValid) {
  const HttpOutcome unknown = post_control(R"({"mode": "explode"})");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().status, 400);
  EXPECT_EQ(post_control("not json").error().status, 400);
  EXPECT_EQ(post_control(R"({"endpoint": "register"})").error().status, 400);
  EXPECT_EQ(post_control(R"({"mode": "up", "endpoint": "solve"})").error().status, 400);
  EXPECT_EQ(sim_->mode(Endpoint::kRegister).fault, Fault::kUp);
}

TEST_F(CloudSimulatorTest, StopReleasesHangingRequests) {
  set_mode("hang");
  auto promise = std::make_shared<std::promise<HttpOutcome>>();
  auto future = promise->get_future();
  http_.send({HttpMethod::kGet,
              cloud_url() + "/v1/bypass_status.php?gt=x",
              "",
              "",
              std::chrono::seconds(15),
              {}},
             [promise](HttpOutcome o) { promise->set_value(std::move(o)); });
  const auto give_up = std::chrono::steady_clock::now() + kSafetyNet;
  while (sim_->counters().bypass == 0 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::yield();  // until the request is in, and hanging
  }
  ASSERT_EQ(sim_->counters().bypass, 1u);
  sim_->stop();
  const HttpOutcome outcome = await(std::move(future));
  ASSERT_FALSE(outcome.has_value());
  EXPECT_NE(outcome.error().reason, Reason::kTimeout);
}

// The faults on the wire (faulty_answers.h), as the project's client classifies them.
TEST_F(CloudSimulatorTest, TruncatedAnswerIsABadBody) {
  set_mode("truncated", "bypass");
  const HttpOutcome answer = bypass_status();
  ASSERT_FALSE(answer.has_value());
  EXPECT_EQ(answer.error().reason, Reason::kBadBody) << answer.error().detail;
}

TEST_F(CloudSimulatorTest, DropMidAnswerIsANetworkFailure) {
  set_mode("drop", "bypass");
  const HttpOutcome answer = bypass_status();
  ASSERT_FALSE(answer.has_value());
  EXPECT_EQ(answer.error().reason, Reason::kNetwork) << answer.error().detail;
}

TEST_F(CloudSimulatorTest, TrickleIsCutByTheClientsDeadlineHoweverManyBytesArrive) {
  set_mode("trickle:50", "bypass");
  const HttpOutcome cut =
      get(cloud_url() + "/v1/bypass_status.php?gt=" + std::string(kId), milliseconds(300));
  ASSERT_FALSE(cut.has_value());
  EXPECT_EQ(cut.error().reason, Reason::kTimeout) << cut.error().detail;
  set_mode("trickle:1", "bypass");  // the answer is whole and correct, only slow
  EXPECT_EQ(status_of(get(cloud_url() + "/v1/bypass_status.php?gt=" + std::string(kId),
                          milliseconds(10000))),
            "success");
}

TEST_F(CloudSimulatorTest, HugeIsRefusedAtTheClientsBodyLimit) {
  set_mode("huge");
  const HttpOutcome answer = bypass_status();
  ASSERT_FALSE(answer.has_value());
  EXPECT_EQ(answer.error().reason, Reason::kBadBody);
  EXPECT_NE(answer.error().detail.find("larger than max_response_bytes"), std::string::npos)
      << answer.error().detail;
  const RegisterResult r = register_with(cloud_client());
  EXPECT_EQ(r.reason, Reason::kBadBody) << reason_name(r.reason);
}

TEST_F(CloudSimulatorTest, ControlTakesTheWireFaultsPerEndpoint) {
  set_mode("trickle:5", "register");
  set_mode("huge", "validate");
  const HttpOutcome answer = get(control_url());
  ASSERT_TRUE(answer.has_value());
  const auto json = nlohmann::json::parse(answer->body);
  EXPECT_EQ(json["modes"]["register"], "trickle:5");
  EXPECT_EQ(json["modes"]["validate"], "huge");
  EXPECT_EQ(json["modes"]["bypass"], "up");
  EXPECT_EQ(post_control(R"({"mode": "trickle"})").error().status, 400);
}

TEST_F(CloudSimulatorTest, StopEndsATrickleInProgress) {
  set_mode("trickle:1000", "bypass");
  auto promise = std::make_shared<std::promise<HttpOutcome>>();
  auto future = promise->get_future();
  http_.send({HttpMethod::kGet,
              cloud_url() + "/v1/bypass_status.php?gt=x",
              "",
              "",
              std::chrono::seconds(15),
              {}},
             [promise](HttpOutcome o) { promise->set_value(std::move(o)); });
  const auto give_up = std::chrono::steady_clock::now() + kSafetyNet;
  while (sim_->counters().bypass == 0 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::yield();  // until the request is in, and trickling
  }
  ASSERT_EQ(sim_->counters().bypass, 1u);
  sim_->stop();
  const HttpOutcome outcome = await(std::move(future));
  ASSERT_FALSE(outcome.has_value());
  EXPECT_NE(outcome.error().reason, Reason::kTimeout) << outcome.error().detail;
}

}  // namespace
}  // namespace gt3::cloudsim
