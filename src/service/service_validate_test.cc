// /register and /validate end to end against the simulator: the online digests, the mode bound
// to each challenge across transitions, what offline mode refuses, and malformed requests.
#include <gtest/gtest.h>

#include "gt3/clock.h"
#include "offline/proof_of_work.h"
#include "offline/signed_challenge.h"
#include "testing/manual_clock.h"
#include "testing/service_support.h"

namespace gt3::service {
namespace {

using namespace testing;
using cloudsim::Fault;

class ValidateTest : public ServiceTest {
 protected:
  std::string register_challenge(int expected_success, const std::string& query = "") {
    const auto json = user_->get("/register" + query).json();
    EXPECT_EQ(json.value("success", -1), expected_success) << json.dump();
    return json.value("challenge", "");
  }

  void go_offline() {
    cloud_.set_mode({Fault::kDown});
    ASSERT_TRUE(wait_->reaches(CaptchaMode::kOffline));
  }

  std::string reason_of(const Answer& answer) { return answer.json().value("reason", ""); }
};

TEST_F(ValidateTest, OnlineSolvesPassForEveryDigestmodAndFailWhenWrongOrReplayed) {
  start();
  for (const std::string mod : {"md5", "sha256", "hmac-sha256"}) {
    const std::string challenge = register_challenge(1, "?digestmod=" + mod);
    // The simulator solves only challenges whose digest it can reproduce with the app's key.
    const Answer first = user_->solve_and_validate(cloud_, challenge);
    EXPECT_TRUE(succeeded(first)) << mod << ": " << first.body;
    const Answer replay = user_->solve_and_validate(cloud_, challenge);
    EXPECT_FALSE(succeeded(replay)) << mod;
  }
  const std::string challenge = register_challenge(1);
  const Answer wrong = user_->validate(challenge, "0123456789abcdef0123456789abcdef",
                                       "0123456789abcdef0123456789abcdef|jordan");
  EXPECT_EQ(wrong.json().value("result", ""), "fail");
  EXPECT_EQ(reason_of(wrong), "seccode_false");
}

TEST_F(ValidateTest, UsersCaughtByATransitionSucceedOnceInBothDirections) {
  start();
  ASSERT_TRUE(wait_->reaches(CaptchaMode::kOnline));
  const std::string online = register_challenge(1);
  const Answer solved = user_->solve(cloud_, online);
  const auto fields = solved.json();
  go_offline();
  // Registered online, validates while the cloud is down: accepted once, from our own record.
  const Answer late = user_->validate(fields["geetest_challenge"], fields["geetest_validate"],
                                      fields["geetest_seccode"]);
  EXPECT_TRUE(succeeded(late)) << late.body;
  EXPECT_FALSE(succeeded(user_->validate(fields["geetest_challenge"], fields["geetest_validate"],
                                         fields["geetest_seccode"])));

  const std::string offline = register_challenge(0);
  cloud_.set_mode({});
  ASSERT_TRUE(wait_->reaches(CaptchaMode::kOnline));
  // Registered offline, validates after recovery: the signed challenge is still checked offline.
  EXPECT_TRUE(succeeded(user_->validate(offline, "v", "v|jordan")));
  EXPECT_EQ(reason_of(user_->validate(offline, "v", "v|jordan")), "challenge_replayed");
}

TEST_F(ValidateTest, AnOnlineChallengeThisServiceNeverIssuedIsRefusedWhileOffline) {
  start();
  go_offline();
  const std::string validate(32, 'b');
  const Answer made_up =
      user_->validate("0123456789abcdef0123456789abcdef", validate, validate + "|jordan");
  EXPECT_EQ(reason_of(made_up), "challenge_not_issued");
}

TEST_F(ValidateTest, CompatRefusesMadeUpExpiredForeignAndReplayedChallenges) {
  start();
  go_offline();
  EXPECT_EQ(reason_of(user_->validate("a", "b", "c")), "challenge_forged");

  ManualClock january;  // 2026-01-01: long before now, so its challenges have expired
  const offline::ChallengeSigner old_signer(Secret(std::string(kOfflineSecret)),
                                            std::chrono::seconds(300), january);
  EXPECT_EQ(reason_of(user_->validate(old_signer.issue(), "v", "v|jordan")), "challenge_expired");

  const offline::ChallengeSigner other(Secret("another-secret-of-another-fleet"),
                                       std::chrono::seconds(300));
  EXPECT_EQ(reason_of(user_->validate(other.issue(), "v", "v|jordan")), "challenge_forged");

  const std::string challenge = register_challenge(0);
  EXPECT_EQ(reason_of(user_->validate(challenge, "", "v|jordan")), "blank_field");
  EXPECT_TRUE(succeeded(user_->validate(challenge, "v", "v|jordan")));
  EXPECT_EQ(reason_of(user_->validate(challenge, "v", "v|jordan")), "challenge_replayed");
}

TEST_F(ValidateTest, PowAcceptsASolutionAndRefusesAWrongNonce) {
  start({{"offline.policy", "pow"}, {"offline.pow_difficulty", "12"}});
  go_offline();
  const auto json = user_->get("/register").json();
  ASSERT_EQ(json.value("success", -1), 0);
  EXPECT_EQ(json.value("offline_policy", ""), "pow");
  const auto& pow = json["pow"];
  EXPECT_EQ(pow.value("algorithm", ""), "SHA-256");
  EXPECT_EQ(pow.value("difficulty", 0), 12);
  const std::string challenge = json.value("challenge", "");
  EXPECT_EQ(pow.value("challenge", ""), challenge);
  const std::uint64_t nonce = offline::solve_proof_of_work(challenge, 12);
  // A nonce that does not solve it: the next one that fails.
  std::uint64_t wrong = nonce + 1;
  while (offline::check_proof_of_work(challenge, std::to_string(wrong), 12)) ++wrong;
  EXPECT_EQ(reason_of(user_->validate(challenge, std::to_string(wrong), "s")), "pow_invalid");
  EXPECT_TRUE(succeeded(user_->validate(challenge, std::to_string(nonce), "s")));
  EXPECT_EQ(reason_of(user_->validate(challenge, std::to_string(nonce), "s")),
            "challenge_replayed");
}

TEST_F(ValidateTest, DenyRefusesEveryOfflineAnswer) {
  start({{"offline.policy", "deny"}});
  ASSERT_TRUE(wait_->reaches(CaptchaMode::kOnline));
  const std::string online = register_challenge(1);
  const auto fields = user_->solve(cloud_, online).json();
  go_offline();
  // Not even an online challenge this service issued: the cloud cannot check it now.
  EXPECT_EQ(reason_of(user_->validate(fields["geetest_challenge"], fields["geetest_validate"],
                                      fields["geetest_seccode"])),
            "offline_denied");
  const auto json = user_->get("/register").json();
  EXPECT_EQ(json.value("offline_policy", ""), "deny");
  EXPECT_EQ(reason_of(user_->validate(json.value("challenge", ""), "v", "v|jordan")),
            "offline_denied");
}

TEST_F(ValidateTest, NoneAcceptsAnythingWhileOffline) {
  start({{"offline.policy", "none"}});
  go_offline();
  EXPECT_TRUE(succeeded(user_->validate("a", "b", "c")));
  const std::string challenge = register_challenge(0);
  EXPECT_TRUE(succeeded(user_->validate(challenge, "v", "v|jordan")));
}

TEST_F(ValidateTest, BlankFieldsAnswerLikeTheOfficialDemos) {
  start();
  const Answer missing = user_->post("/validate", "geetest_challenge=abc");
  EXPECT_EQ(missing.status, 200);
  EXPECT_EQ(missing.json().value("result", ""), "fail");
  EXPECT_EQ(missing.json().value("reason", ""), "blank_field");
  EXPECT_FALSE(missing.json().value("msg", "").empty());
}

TEST_F(ValidateTest, MalformedRequestsGetA4xxWithAReasonAndTheServiceKeepsAnswering) {
  start();
  const auto error_of = [](const Answer& a) { return a.json().value("error", ""); };
  EXPECT_EQ(user_->get("/validate").status, 405);
  EXPECT_EQ(user_->get("/no/such/route").status, 404);
  EXPECT_EQ(error_of(user_->get("/no/such/route")), "not_found");
  const Answer json_body = user_->post("/validate", "{}", "application/json");
  EXPECT_EQ(json_body.status, 415);
  EXPECT_EQ(error_of(json_body), "unsupported_media_type");
  EXPECT_EQ(user_->post("/validate", std::string(200'000, 'a')).status, 413);
  const Answer escape = user_->post("/validate", "geetest_challenge=%zz");
  EXPECT_EQ(escape.status, 400);
  EXPECT_EQ(error_of(escape), "bad_encoding");
  const Answer twice = user_->post("/validate", "geetest_challenge=a&geetest_challenge=b");
  EXPECT_EQ(twice.status, 400);
  EXPECT_EQ(error_of(twice), "duplicate_parameter");
  EXPECT_EQ(user_->get("/register?user_id=%").status, 400);
  EXPECT_EQ(user_->get("/healthz").status, 200);
  EXPECT_EQ(register_challenge(1).size(), 32u);
}

}  // namespace
}  // namespace gt3::service

namespace gt3::service {
namespace {

using namespace testing;
using cloudsim::Fault;

// Legacy failback mode: no status; every register tries the cloud, and the challenge carries the
// outcome (signed offline challenges stand in for the session of the old SDKs).
TEST(Failback, EachRegisterTriesTheCloudAndTheChallengeRemembersTheOutcome) {
  TestCloud cloud;
  Service service(config_for(cloud, {{"bypass.mode", "failback"}}));
  ASSERT_TRUE(service.start().has_value());
  EXPECT_EQ(service.keeper(), nullptr);
  TestUser user(service.port());
  const auto online = user.get("/register").json();
  EXPECT_EQ(online.value("success", -1), 1);
  EXPECT_TRUE(succeeded(user.solve_and_validate(cloud, online.value("challenge", ""))));
  cloud.set_mode({Fault::kDown});
  const auto offline = user.get("/register").json();
  EXPECT_EQ(offline.value("success", -1), 0);
  cloud.set_mode({});  // a user who registered offline validates after the cloud came back
  EXPECT_TRUE(succeeded(user.validate(offline.value("challenge", ""), "v", "v|jordan")));
  EXPECT_EQ(user.get("/bypass/status").json().value("bypass_mode", ""), "failback");
  service.stop();
}

// A provisional challenge (issued while another mode was configured, under the same secret) meets
// a service in failback mode, which keeps no status to vouch for it: refused, never a crash.
TEST(Failback, AProvisionalChallengeIsRefused) {
  TestCloud cloud;
  Service service(config_for(cloud, {{"bypass.mode", "failback"}}));
  ASSERT_TRUE(service.start().has_value());
  TestUser user(service.port());
  const offline::ChallengeSigner signer(Secret(std::string(kOfflineSecret)),
                                        std::chrono::seconds(300));
  const Answer answer =
      user.validate(signer.issue(offline::ChallengeKind::kProvisional), "v", "v|jordan");
  EXPECT_EQ(answer.json().value("reason", ""), "challenge_provisional") << answer.body;
  service.stop();
}

// Method 2: no poller; the first request after the cache expired probes, the others share it.
TEST(Instant, ARequestProbesWhenTheCachedAnswerIsOld) {
  TestCloud cloud;
  Service service(
      config_for(cloud, {{"bypass.mode", "instant"}, {"bypass.instant_cache_ms", "0"}}));
  ASSERT_TRUE(service.start().has_value());
  TestUser user(service.port());
  EXPECT_EQ(user.get("/register").json().value("success", -1), 1);
  const auto probes = cloud.sim().counters().bypass;
  EXPECT_GE(probes, 1u);
  cloud.set_mode({Fault::kStatusFail});
  EXPECT_EQ(user.get("/register").json().value("success", -1), 0);
  EXPECT_GT(cloud.sim().counters().bypass, probes);
  cloud.set_mode({});
  EXPECT_EQ(user.get("/register").json().value("success", -1), 1);
  service.stop();
}

TEST(RateLimit, AppliesPerAddressOnlyToOfflineAnswers) {
  TestCloud cloud;
  Service service(config_for(
      cloud, {{"offline.rate_limit_per_minute", "1"}, {"offline.rate_limit_burst", "1"}}));
  ASSERT_TRUE(service.start().has_value());
  ModeWait wait(service);
  TestUser user(service.port());
  cloud.set_mode({Fault::kDown});
  ASSERT_TRUE(wait.reaches(CaptchaMode::kOffline));
  const std::string first = user.get("/register").json().value("challenge", "");
  const std::string second = user.get("/register").json().value("challenge", "");
  EXPECT_TRUE(succeeded(user.validate(first, "v", "v|jordan")));
  // The key is the address the request came from, not a field the client fills in.
  const Answer spoofed = user.post("/validate", "geetest_challenge=" + second +
                                                    "&geetest_validate=v&geetest_seccode=v"
                                                    "&ip_address=203.0.113.9");
  EXPECT_EQ(spoofed.json().value("reason", ""), "rate_limited");
  service.stop();
}

}  // namespace
}  // namespace gt3::service

namespace gt3::service {
namespace {

using namespace testing;

// stop() lets a request that is waiting on the cloud finish and answer, then closes.
TEST(Shutdown, ARequestInFlightStillGetsItsAnswer) {
  TestCloud cloud;
  cloud.set_mode(*cloudsim::FaultMode::parse("slow:200"), cloudsim::Endpoint::kRegister);
  Service service(config_for(cloud, {{"geetest.timeout_ms", "2000"}}));
  ASSERT_TRUE(service.start().has_value());
  TestUser user(service.port());
  std::future<Answer> answer =
      std::async(std::launch::async, [&] { return user.get("/register"); });
  // The request is in flight once the cloud has it (bounded wait on that condition).
  const auto give_up = std::chrono::steady_clock::now() + kSafetyNet;
  while (cloud.sim().counters().register_ == 0 && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::yield();
  }
  ASSERT_EQ(cloud.sim().counters().register_, 1u);
  service.stop();
  const Answer got = answer.get();
  EXPECT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json().value("success", -1), 1);
  EXPECT_EQ(TestUser(service.port()).get("/healthz").status, 0);  // no longer listening
}

}  // namespace
}  // namespace gt3::service
