// Attack suite, part 2: what an offline pass costs. Online challenges harvested while the cloud
// is up must not become free passes during an outage: under `pow` every offline pass costs work,
// and the online fallback goes through the offline rate limit like every other offline pass.
// Real service, real simulator; each test also lets a legitimate user through in the same run.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "offline/proof_of_work.h"
#include "testing/service_support.h"

namespace gt3::service {
namespace {

using namespace testing;

class OfflineCostTest : public ServiceTest {
 protected:
  // What a bot collects while the cloud is up: online challenges, solved or not.
  std::vector<nlohmann::json> harvest(int count) {
    std::vector<nlohmann::json> solved;
    for (int i = 0; i < count; ++i) {
      const auto json = user_->get("/register").json();
      EXPECT_EQ(json.value("success", -1), 1) << json.dump();
      solved.push_back(user_->solve(cloud_, json.value("challenge", "")).json());
    }
    return solved;
  }
  Answer replay(const nlohmann::json& fields) {
    return user_->validate(fields["geetest_challenge"], fields["geetest_validate"],
                           fields["geetest_seccode"]);
  }
  void go_offline() {
    cloud_.set_mode({cloudsim::Fault::kDown});
    ASSERT_TRUE(wait_->reaches(CaptchaMode::kOffline));
  }
};

// Found: under `pow`, an online challenge issued before the outage passed through the issued
// fallback with no work and no rate limit.
TEST_F(OfflineCostTest, UnderPowAHarvestedOnlineChallengeAsksForAnOfflineOne) {
  start({{"offline.policy", "pow"}, {"offline.pow_difficulty", "8"}});
  ASSERT_TRUE(wait_->reaches(CaptchaMode::kOnline));
  const auto harvested = harvest(3);
  go_offline();
  for (const auto& fields : harvested) {
    const Answer answer = replay(fields);
    EXPECT_FALSE(succeeded(answer)) << answer.body;
    EXPECT_EQ(answer.reason(), "offline_challenge_needed");
  }
  // What the page does on that answer: fetch an offline challenge and do the work.
  const auto json = user_->get("/register").json();
  ASSERT_EQ(json.value("success", -1), 0);
  const std::string challenge = json.value("challenge", "");
  const std::string nonce = std::to_string(offline::solve_proof_of_work(challenge, 8));
  EXPECT_TRUE(succeeded(user_->validate(challenge, nonce, nonce + "|jordan")));
}

// Found: the online fallback skipped the offline rate limit.
TEST_F(OfflineCostTest, TheOnlineFallbackCountsAgainstTheOfflineRateLimit) {
  start({{"offline.rate_limit_per_minute", "1"},
         {"offline.rate_limit_burst", "2"},
         {"server.trusted_proxies", "127.0.0.1"}});
  ASSERT_TRUE(wait_->reaches(CaptchaMode::kOnline));
  const auto harvested = harvest(4);
  go_offline();
  const std::vector<std::pair<std::string, std::string>> bot = {
      {"X-Forwarded-For", "198.51.100.66"}};
  const auto post_as = [&](const nlohmann::json& fields, const auto& headers) {
    return user_->post("/validate",
                       "geetest_challenge=" + fields["geetest_challenge"].get<std::string>() +
                           "&geetest_validate=" + fields["geetest_validate"].get<std::string>() +
                           "&geetest_seccode=" + fields["geetest_seccode"].get<std::string>(),
                       "application/x-www-form-urlencoded", headers);
  };
  EXPECT_TRUE(succeeded(post_as(harvested[0], bot)));
  EXPECT_TRUE(succeeded(post_as(harvested[1], bot)));
  EXPECT_EQ(post_as(harvested[2], bot).reason(), "rate_limited");
  // Another user, behind the same proxy, is counted on its own.
  const std::vector<std::pair<std::string, std::string>> user = {
      {"X-Forwarded-For", "198.51.100.7"}};
  EXPECT_TRUE(succeeded(post_as(harvested[3], user)));
}

// `none` is availability above all, but still once per challenge and under the rate limit.
TEST_F(OfflineCostTest, NoneClaimsEachChallengeOnceAndIsRateLimited) {
  start({{"offline.policy", "none"},
         {"offline.rate_limit_per_minute", "1"},
         {"offline.rate_limit_burst", "2"}});
  go_offline();
  const std::string challenge = user_->get("/register").json().value("challenge", "");
  EXPECT_TRUE(succeeded(user_->validate(challenge, "v", "v|jordan")));
  EXPECT_EQ(user_->validate(challenge, "v", "v|jordan").reason(), "challenge_replayed");
  EXPECT_EQ(user_->validate("anything", "v", "v|jordan").reason(), "rate_limited");
}

}  // namespace
}  // namespace gt3::service
