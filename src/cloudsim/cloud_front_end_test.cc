// The simulated cloud's front end: past 8 KiB of target, headers or body, the answer is the
// real front end's 414, 431 or 413, and the endpoint never sees the request.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cloudsim/cloud_simulator.h"
#include "testing/raw_exchange.h"
#include "http/io_threads.h"

namespace gt3::cloudsim {
namespace {

using testing::raw_exchange;
using testing::raw_request;

constexpr std::string_view kId = "0123456789abcdef0123456789abcdef";
constexpr std::string_view kKey = "fedcba9876543210fedcba9876543210";
constexpr std::size_t kLimit = 8 * 1024;
// What raw_request() always sends: "Host: 127.0.0.1\r\n" and "Connection: close\r\n".
constexpr std::size_t kBaseHeaderBytes = 17 + 19;

// A register.php target of exactly `bytes` bytes (padded by an extra parameter).
std::string register_target(std::size_t bytes) {
  std::string target = "/register.php?gt=" + std::string(kId) + "&json_format=1&pad=";
  return target + std::string(bytes - target.size(), 'a');
}

// One header line that brings the header fields to exactly `bytes` in all.
std::string padding_header(std::size_t bytes) {
  return "X-Pad: " + std::string(bytes - kBaseHeaderBytes - 9, 'b') + "\r\n";
}

// A validate.php form of exactly `bytes` bytes.
std::string validate_form(std::size_t bytes) {
  std::string form = "seccode=x&challenge=y&captchaid=" + std::string(kId) + "&json_format=1&pad=";
  return form + std::string(bytes - form.size(), 'c');
}

std::string error_of(const testing::RawAnswer& answer) {
  const auto json = nlohmann::json::parse(answer.body, nullptr, false);
  return json.is_object() ? json.value("error", "") + ": " + json.value("message", "") : "";
}

class CloudFrontEndTest : public ::testing::Test {
 protected:
  void start(std::optional<FrontEndLimits> front_end = FrontEndLimits{}) {
    CloudSimulatorOptions options;
    options.apps = {App{std::string(kId), Secret(std::string(kKey))}};
    options.front_end = front_end;
    sim_ = std::make_unique<CloudSimulator>(io_.context(), options);
    ASSERT_TRUE(sim_->start().has_value());
  }
  testing::RawAnswer cloud(const std::string& wire) {
    return raw_exchange(sim_->cloud_port(), wire);
  }

  http::IoThreads io_{2};
  std::unique_ptr<CloudSimulator> sim_;
};

TEST_F(CloudFrontEndTest, RegisterWithA9KiBQueryIs414) {
  start();
  const auto answer = cloud(raw_request("GET", register_target(9 * 1024)));
  EXPECT_EQ(answer.status, 414) << answer.body;
  EXPECT_EQ(error_of(answer),
            "uri_too_long: the request target exceeds 8192 bytes; send long "
            "fields in a POST body");
  EXPECT_EQ(sim_->counters().register_, 0u) << "the endpoint saw a refused request";
}

TEST_F(CloudFrontEndTest, ValidateWithA9KiBBodyIs413) {
  start();
  const auto answer = cloud(raw_request("POST", "/validate.php", "", validate_form(9 * 1024)));
  EXPECT_EQ(answer.status, 413) << answer.body;
  EXPECT_NE(error_of(answer).find("body_too_large: the request body exceeds 8192 bytes"),
            std::string::npos)
      << answer.body;
  EXPECT_EQ(sim_->counters().validate, 0u);
}

TEST_F(CloudFrontEndTest, NineKiBOfHeadersIs431) {
  start();
  const auto answer = cloud(raw_request("GET", register_target(100), padding_header(9 * 1024)));
  EXPECT_EQ(answer.status, 431) << answer.body;
  // The front end's own limit, not the server's parser ceiling.
  EXPECT_NE(error_of(answer).find("header_too_large: the header fields exceed 8192 bytes"),
            std::string::npos)
      << answer.body;
  EXPECT_EQ(sim_->counters().register_, 0u);
}

TEST_F(CloudFrontEndTest, AvailabilityEndpointIsBehindTheFrontEndToo) {
  start();
  const std::string target = "/v1/bypass_status.php?gt=" + std::string(kId) + "&pad=";
  const auto answer = cloud(raw_request("GET", target + std::string(kLimit, 'a')));
  EXPECT_EQ(answer.status, 414) << answer.body;
  EXPECT_EQ(sim_->counters().bypass, 0u);
}

TEST_F(CloudFrontEndTest, RequestsExactlyAtTheLimitsAreAnsweredNormally) {
  start();
  const auto registered =
      cloud(raw_request("GET", register_target(kLimit), padding_header(kLimit)));
  ASSERT_EQ(registered.status, 200) << registered.body;
  EXPECT_EQ(nlohmann::json::parse(registered.body)["challenge"].get<std::string>().size(), 32u);

  const auto validated = cloud(raw_request("POST", "/validate.php", "", validate_form(kLimit)));
  ASSERT_EQ(validated.status, 200) << validated.body;
  EXPECT_EQ(nlohmann::json::parse(validated.body)["seccode"], "false");  // made-up solution
  EXPECT_EQ(sim_->counters().register_, 1u);
  EXPECT_EQ(sim_->counters().validate, 1u);
}

TEST_F(CloudFrontEndTest, OneByteOverTheTargetLimitIs414) {
  start();
  EXPECT_EQ(cloud(raw_request("GET", register_target(kLimit + 1))).status, 414);
}

TEST_F(CloudFrontEndTest, WithoutTheFrontEndA9KiBQueryIsAnswered) {
  start(std::nullopt);
  const auto answer = cloud(raw_request("GET", register_target(9 * 1024)));
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(nlohmann::json::parse(answer.body)["challenge"].get<std::string>().size(), 32u);
  const auto headers = cloud(raw_request("GET", register_target(100), padding_header(9 * 1024)));
  EXPECT_EQ(headers.status, 200) << headers.body;
  const auto body = cloud(raw_request("POST", "/validate.php", "", validate_form(9 * 1024)));
  EXPECT_EQ(body.status, 200) << body.body;
}

TEST_F(CloudFrontEndTest, TheControlListenerHasNoFrontEnd) {
  start();
  const std::string json = R"({"mode":"http500","pad":")" + std::string(9 * 1024, 'd') + "\"}";
  std::string wire =
      "POST /__control HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
      "Content-Type: application/json\r\nContent-Length: " +
      std::to_string(json.size()) + "\r\n\r\n" + json;
  const auto answer = raw_exchange(sim_->control_port(), wire);
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(sim_->mode(Endpoint::kRegister), (FaultMode{Fault::kHttp500, {}}));
}

TEST(FrontEndLimits, TargetAndHeadersAreMeasuredApart) {
  http::Request request;
  request.target = std::string(kLimit, 't');
  request.headers = {{"X-Pad", std::string(kLimit - 9, 'h')}};  // 8192 with ": " and CRLF
  EXPECT_FALSE(refuse_past_front_end(request, FrontEndLimits{}).has_value());
  request.headers.emplace_back("A", "");
  ASSERT_TRUE(refuse_past_front_end(request, FrontEndLimits{}).has_value());
  EXPECT_EQ(refuse_past_front_end(request, FrontEndLimits{})->status, 431);
  request.target += 't';
  EXPECT_EQ(refuse_past_front_end(request, FrontEndLimits{})->status, 414);
}

}  // namespace
}  // namespace gt3::cloudsim
