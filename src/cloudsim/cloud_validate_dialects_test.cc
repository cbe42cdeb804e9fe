// validate.php over a real loopback socket in each form GeeTest's own clients post
// (docs/protocol.md, "What GeeTest's own clients send"): what each reads back, in which content
// type, and that the fault modes apply to every form alike.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cloudsim/cloud_simulator.h"
#include "gt3/digest.h"
#include "gt3/solution.h"
#include "http/io_threads.h"
#include "http/response.h"
#include "sdk/form_encoding.h"
#include "testing/raw_exchange.h"

namespace gt3::cloudsim {
namespace {

constexpr std::string_view kId = "0123456789abcdef0123456789abcdef";
constexpr std::string_view kKey = "fedcba9876543210fedcba9876543210";

// The 1.x SDKs' form: the seccode alone.
std::string seccode_only(std::string_view seccode) {
  return FormEncoder().add("seccode", seccode).str();
}

// gt3-sdk 2.0.0's form: gt, seccode and json_format.
std::string sdk2_form(std::string_view seccode) {
  return FormEncoder().add("gt", kId).add("seccode", seccode).add("json_format", "1").str();
}

class CloudValidateDialectsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CloudSimulatorOptions options;
    options.apps = {App{std::string(kId), Secret(std::string(kKey))}};
    sim_ = std::make_unique<CloudSimulator>(io_.context(), options);
    ASSERT_TRUE(sim_->start().has_value());
  }

  // Registers as gt3-sdk 2.0.0 does and answers the seccode a solve of that challenge posts.
  std::string solved_seccode() {
    const auto answer = testing::raw_exchange(
        sim_->cloud_port(),
        testing::raw_request("GET", "/register.php?gt=" + std::string(kId) + "&json_format=1"));
    EXPECT_EQ(answer.status, 200) << answer.body;
    const std::string origin = nlohmann::json::parse(answer.body)["challenge"];
    const std::string challenge =
        challenge_digest(DigestMod::kMd5, origin, Secret(std::string(kKey)));
    return seccode_for(online_validate_for(Secret(std::string(kKey)), challenge));
  }

  testing::RawAnswer post_validate(const std::string& form) {
    return testing::raw_exchange(sim_->cloud_port(),
                                 testing::raw_request("POST", "/validate.php", "", form));
  }

  http::IoThreads io_{2};
  std::unique_ptr<CloudSimulator> sim_;
};

TEST_F(CloudValidateDialectsTest, TheSeccodeAloneGetsItsBareMd5AsText) {
  const std::string seccode = solved_seccode();
  const auto answer = post_validate(seccode_only(seccode));
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(answer.body, md5_hex(seccode));
}

TEST_F(CloudValidateDialectsTest, GtSeccodeAndJsonFormatGetJson) {
  const std::string seccode = solved_seccode();
  const auto answer = post_validate(sdk2_form(seccode));
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.header("Content-Type"), http::kJsonContentType);
  EXPECT_EQ(nlohmann::json::parse(answer.body)["seccode"], md5_hex(seccode));
}

TEST_F(CloudValidateDialectsTest, ABareRejectionIsFalseAsText) {
  solved_seccode();
  const auto answer = post_validate(seccode_only("0123|jordan"));
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(answer.body, "false");
}

TEST_F(CloudValidateDialectsTest, AFaultModeAppliesToEveryFormAndSpendsNothing) {
  const std::string seccode = solved_seccode();
  sim_->set_mode(*FaultMode::parse("http500"), Endpoint::kValidate);
  EXPECT_EQ(post_validate(seccode_only(seccode)).status, 500);
  EXPECT_EQ(post_validate(sdk2_form(seccode)).status, 500);
  EXPECT_EQ(sim_->counters().validate, 2u);
  sim_->set_mode(*FaultMode::parse("up"), Endpoint::kValidate);
  EXPECT_EQ(post_validate(seccode_only(seccode)).body, md5_hex(seccode));
}

}  // namespace
}  // namespace gt3::cloudsim
