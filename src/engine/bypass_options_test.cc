// The public options: the names of their enums, and check_options naming the wrong field.
#include "gt3/bypass_options.h"

#include <gtest/gtest.h>

namespace gt3 {
namespace {

constexpr std::string_view kSecret = "options-test-offline-secret-0123456789";

TEST(BypassOptionNames, RoundTrip) {
  for (auto m : {BypassMode::kPoll, BypassMode::kInstant, BypassMode::kFailback}) {
    EXPECT_EQ(parse_bypass_mode(bypass_mode_name(m)), m);
  }
  for (auto p : {OfflinePolicy::kCompat, OfflinePolicy::kPow, OfflinePolicy::kNone,
                 OfflinePolicy::kDeny}) {
    EXPECT_EQ(parse_offline_policy(offline_policy_name(p)), p);
  }
  for (auto f : {OnlineFallback::kIssued, OnlineFallback::kReject}) {
    EXPECT_EQ(parse_online_fallback(online_fallback_name(f)), f);
  }
}

TEST(BypassOptionNames, AreTheDocumentedOnesAndNothingElseParses) {
  EXPECT_EQ(bypass_mode_name(BypassMode::kFailback), "failback");
  EXPECT_EQ(offline_policy_name(OfflinePolicy::kPow), "pow");
  EXPECT_EQ(online_fallback_name(OnlineFallback::kIssued), "issued");
  EXPECT_EQ(parse_bypass_mode("Poll"), std::nullopt);
  EXPECT_EQ(parse_offline_policy("Compat"), std::nullopt);
  EXPECT_EQ(parse_offline_policy(""), std::nullopt);
  EXPECT_EQ(parse_offline_policy("allow"), std::nullopt);
  EXPECT_EQ(parse_online_fallback("accept"), std::nullopt);
}

TEST(BypassOptionsRateLimit, UnsetIsServesDefaultSoPowIsNeverUnlimited) {
  OfflineOptions offline;
  EXPECT_EQ(rate_limit_per_minute(offline), 0);
  offline.policy = OfflinePolicy::kPow;
  EXPECT_EQ(rate_limit_per_minute(offline), kPowRateLimitPerMinute);
  offline.rate_limit_per_minute = 0;  // an explicit choice stands
  EXPECT_EQ(rate_limit_per_minute(offline), 0);
}

TEST(BypassOptionsCheck, NamesTheFieldThatIsWrong) {
  BypassOptions o;
  o.geetest.captcha_id = "id";
  o.geetest.private_key = Secret("key");
  o.offline.secret = Secret(std::string(kSecret));
  EXPECT_EQ(check_options(o), std::nullopt);

  auto timeout = o;
  timeout.probe.timeout = std::chrono::milliseconds(3000);
  ASSERT_TRUE(check_options(timeout));
  EXPECT_EQ(check_options(timeout)->field, "probe.timeout");
  EXPECT_NE(check_options(timeout)->message.find("must be below the probe interval (2000 ms)"),
            std::string::npos);

  auto secret = o;
  secret.offline.secret = Secret("short-secret");
  EXPECT_EQ(check_options(secret)->field, "offline.secret");
  EXPECT_EQ(check_options(secret)->message.find("short-secret"), std::string::npos);

  auto previous = o;
  previous.offline.previous_secrets = {Secret("an-older-offline-secret-0123"), o.offline.secret};
  ASSERT_TRUE(check_options(previous));
  EXPECT_EQ(check_options(previous)->field, "offline.previous_secrets");
  EXPECT_EQ(check_options(previous)->message,
            "offline.previous_secrets cannot be used: previous secret 2 is the current secret: a "
            "previous secret is one that no longer signs");
  previous.offline.previous_secrets.pop_back();
  EXPECT_EQ(check_options(previous), std::nullopt);

  auto redis = o;
  redis.redis = RedisOptions{};
  redis.redis->url = "http://not-redis";
  EXPECT_EQ(check_options(redis)->field, "redis.url");
  redis.redis->url = "redis://127.0.0.1:6379/0";
  redis.redis->lease_key = "has space";
  EXPECT_EQ(check_options(redis)->field, "redis.lease_key");
  redis.redis->lease_key = "lease";
  redis.redis->lease = std::chrono::milliseconds(1500);
  EXPECT_EQ(check_options(redis)->field, "redis.lease");
  EXPECT_EQ(check_options(redis)->message,
            "redis.lease = 1500 ms must be at least 2000 ms: the poller renews its lease every "
            "1000 ms");

  // The same rules as the program's configuration: a URL without host, an id with a space.
  auto url = o;
  url.geetest.api_url = "http://";
  EXPECT_EQ(check_options(url)->field, "geetest.api_url");
  auto id = o;
  id.geetest.captcha_id = "has space";
  EXPECT_EQ(check_options(id)->field, "geetest.captcha_id");

  auto pow = o;
  pow.offline.pow_difficulty = 40;
  EXPECT_EQ(check_options(pow)->field, "offline.pow_difficulty");
}

}  // namespace
}  // namespace gt3
