// Attack suite, part 4: bounds that must not become an off switch for everyone. At the
// single-use ledger's bound and at the rate limiter's bound, a flood degrades what the flooding
// clients get, never what a legitimate newcomer gets. And no captcha or status answer may be
// kept by a cache. Real service and simulator.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "gt3/clock.h"
#include "offline/signed_challenge.h"
#include "testing/manual_clock.h"
#include "testing/service_support.h"

namespace gt3::service {
namespace {

using namespace testing;

class BoundsAttackTest : public ServiceTest {
 protected:
  void start_offline(Flags flags) {
    start(std::move(flags));
    cloud_.set_mode({cloudsim::Fault::kDown});
    ASSERT_TRUE(wait_->reaches(CaptchaMode::kOffline));
  }
  std::string offline_challenge() {
    const auto json = user_->get("/register").json();
    EXPECT_EQ(json.value("success", -1), 0) << json.dump();
    return json.value("challenge", "");
  }
};

// Found: with the memory ledger full of unexpired claims, every user got ledger_unavailable.
// Now the ledger forgets its oldest claims and refuses only challenges as old as those.
TEST_F(BoundsAttackTest, AFullLedgerStillLetsAFreshChallengeThrough) {
  start_offline({{"offline.ledger_max_entries", "256"}});
  // The flood's challenges, signed under the fleet's secret with issue times 20 to 14 seconds ago
  // (100 a second), as a bot would have fetched them from /register; the legitimate user's is
  // fetched now, so it expires after everything the ledger may forget.
  ManualClock past;
  past.advance(SystemClock::instance().wall_now() - past.wall_now() - std::chrono::seconds(20));
  const offline::ChallengeSigner signer(Secret(std::string(kOfflineSecret)),
                                        std::chrono::seconds(300), past);
  std::vector<std::string> flood;
  for (int i = 0; i < 700; ++i) {
    if (i % 100 == 0) past.advance(std::chrono::seconds(1));
    flood.push_back(signer.issue());
  }
  const std::string legitimate = offline_challenge();
  int passed = 0;
  for (const std::string& challenge : flood) {
    passed += succeeded(user_->validate(challenge, "v", "v|jordan")) ? 1 : 0;
  }
  EXPECT_GE(passed, 256);  // each flooding challenge once, as long as it is remembered
  const Answer answer = user_->validate(legitimate, "v", "v|jordan");
  EXPECT_TRUE(succeeded(answer)) << answer.body;
  // The oldest claims were forgotten: their replays are refused all the same.
  const Answer replay = user_->validate(flood.front(), "v", "v|jordan");
  EXPECT_FALSE(succeeded(replay)) << replay.body;
  EXPECT_TRUE(replay.reason() == "challenge_expired" || replay.reason() == "challenge_replayed")
      << replay.body;
}

// Found: with the limiter's table full of drained buckets, every new address was refused.
TEST_F(BoundsAttackTest, AFullRateLimiterStillAdmitsANewcomer) {
  start_offline({{"offline.rate_limit_per_minute", "1"},
                 {"offline.rate_limit_burst", "1"},
                 {"offline.rate_limit_max_clients", "64"},
                 {"server.trusted_proxies", "127.0.0.1"}});
  const auto validate_from = [&](const std::string& address) {
    return user_->post(
        "/validate",
        "geetest_challenge=" + offline_challenge() + "&geetest_validate=v&geetest_seccode=v",
        "application/x-www-form-urlencoded", {{"X-Forwarded-For", address}});
  };
  // Four times as many addresses as the table holds, each draining its bucket.
  for (int i = 0; i < 256; ++i) (void)validate_from("10.0.0." + std::to_string(i));
  const Answer newcomer = validate_from("192.0.2.200");
  EXPECT_TRUE(succeeded(newcomer)) << newcomer.body;
  // The newcomer's bucket is its own: its second attempt is limited as anyone's is.
  EXPECT_EQ(validate_from("192.0.2.200").reason(), "rate_limited");
}

TEST_F(BoundsAttackTest, CaptchaAndStatusAnswersAreNeverCached) {
  const std::string token = "bounds-admin-token-0123456789";
  start({{"server.admin_token", token}});
  ASSERT_TRUE(wait_->reaches(CaptchaMode::kOnline));
  const Answer overridden = user_->post("/admin/override", R"({"mode":"auto"})", "application/json",
                                        {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(overridden.status, 200) << overridden.body;
  for (const Answer& answer : {user_->get("/register"), user_->validate("a", "b", "c"),
                               user_->get("/register?digestmod=nope"), user_->get("/bypass/status"),
                               user_->get("/healthz"), user_->get("/metrics"), overridden}) {
    bool no_store = false;
    for (const auto& [name, value] : answer.headers) {
      if (name == "Cache-Control" && value == "no-store") no_store = true;
    }
    EXPECT_TRUE(no_store) << answer.status << " " << answer.body.substr(0, 80);
  }
}

}  // namespace
}  // namespace gt3::service
