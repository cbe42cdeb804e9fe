// What a reload may change (config_reload.h), and the keys of a rotation as load_config reads
// them: offline.previous_secrets and server.previous_admin_tokens, checked like the secret they
// follow and never shown.
#include "service/config_reload.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "service/config_keys.h"
#include "service/print_config.h"
#include "testing/config_sources.h"

namespace gt3::service {
namespace {

using testing::config_sources;
using testing::ConfigFlags;
using testing::load_error;
using testing::load_ok;
using testing::required_flags;

constexpr std::string_view kSecret = "current-secret-0123456789abcdef";
constexpr std::string_view kOld = "previous-secret-0123456789abcdef";
constexpr std::string_view kToken = "current-admin-token-0123";

ServiceConfig loaded(ConfigFlags more = {}) {
  return load_ok(config_sources({}, required_flags(std::move(more))));
}

TEST(ConfigReload, TheLiveKeysAreTheDocumentedOnes) {
  EXPECT_EQ(live_keys(),
            (std::vector<std::string_view>{
                "server.trusted_proxies", "server.admin_token", "server.previous_admin_tokens",
                "server.access_log", "offline.secret", "offline.previous_secrets", "log.level"}));
  EXPECT_FALSE(is_live_key("server.listen"));
  EXPECT_FALSE(is_live_key("geetest.key"));
}

// A key whose value cannot be compared counts as changed; so this also says that every key of
// the table, secrets included, is compared (a key added without a way to compare it fails here).
TEST(ConfigReload, TheSameConfigurationChangesNoKey) {
  const ServiceConfig config = loaded({{"offline.secret", std::string(kSecret)}});
  EXPECT_EQ(changed_keys(config, config), std::vector<std::string>{});
}

TEST(ConfigReload, SecretsAreComparedByValueThoughTheyPrintTheSame) {
  const ServiceConfig before = loaded({{"store.redis_url", "redis://:one@127.0.0.1:6379/0"}});
  ServiceConfig after = before;
  after.geetest.client.private_key = Secret("another-private-key");
  after.store.redis_password = Secret("two");
  after.offline.previous_secrets = {Secret(std::string(kOld))};
  EXPECT_EQ(changed_keys(before, after), (std::vector<std::string>{"geetest.key", "store.redis_url",
                                                                   "offline.previous_secrets"}));
}

TEST(ConfigReload, AppliesTheLiveKeysThatChanged) {
  const ServiceConfig running = loaded({{"offline.secret", std::string(kOld)}});
  const auto plan = plan_reload(running, loaded({{"offline.secret", std::string(kSecret)},
                                                 {"offline.previous_secrets", std::string(kOld)},
                                                 {"server.access_log", "true"},
                                                 {"log.level", "debug"}}));
  ASSERT_TRUE(plan) << plan.error().detail;
  EXPECT_EQ(plan->changed, (std::vector<std::string>{"server.access_log", "offline.secret",
                                                     "offline.previous_secrets", "log.level"}));
  EXPECT_EQ(plan->next.offline.secret, Secret(std::string(kSecret)));
}

TEST(ConfigReload, RefusesEveryKeyThatNeedsARestartByName) {
  const ServiceConfig running = loaded();
  const auto plan = plan_reload(running, loaded({{"server.listen", "127.0.0.1:9090"},
                                                 {"server.access_log", "true"},
                                                 {"geetest.key", "another-private-key"},
                                                 {"offline.challenge_ttl_s", "600"}}));
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().reason, Reason::kBadConfig);
  const std::string& message = plan.error().detail;
  EXPECT_EQ(message.find("geetest.key, server.listen, offline.challenge_ttl_s change only with a "
                         "restart"),
            0u)
      << message;
  EXPECT_NE(message.find("a reload changes server.trusted_proxies"), std::string::npos);
  EXPECT_EQ(message.find("another-private-key"), std::string::npos);
}

TEST(ConfigReload, KeepsTheRandomSecretOfThisProcessWhileNoneIsSet) {
  const ServiceConfig running = loaded();
  ASSERT_TRUE(running.offline.secret_generated);
  const auto plan = plan_reload(running, loaded());
  ASSERT_TRUE(plan) << plan.error().detail;
  EXPECT_TRUE(plan->changed.empty());
  EXPECT_EQ(plan->next.offline.secret, running.offline.secret);
}

TEST(RotationKeys, LoadFromTheEnvironmentAndFlagsAsLists) {
  const ServiceConfig config = load_ok(config_sources(
      {{"GT3_OFFLINE_PREVIOUS_SECRETS", std::string(kOld) + ",another-old-secret-0123456789"}},
      required_flags({{"offline.secret", std::string(kSecret)},
                      {"server.admin_token", std::string(kToken)},
                      {"server.previous_admin_tokens", "previous-admin-token-0123"}})));
  EXPECT_EQ(config.offline.previous_secrets.size(), 2u);
  EXPECT_EQ(config.server.previous_admin_tokens,
            std::vector<Secret>{Secret("previous-admin-token-0123")});
  EXPECT_EQ(bypass_options(config).offline.previous_secrets, config.offline.previous_secrets);
}

TEST(RotationKeys, AreMaskedInPrintConfig) {
  const std::string printed = print_config(loaded({{"offline.secret", std::string(kSecret)},
                                                   {"offline.previous_secrets", std::string(kOld)},
                                                   {"server.admin_token", std::string(kToken)}}));
  EXPECT_NE(printed.find("previous_secrets = [\"***\"]"), std::string::npos) << printed;
  EXPECT_NE(printed.find("previous_admin_tokens = []"), std::string::npos) << printed;
  EXPECT_EQ(printed.find(kOld), std::string::npos);
}

TEST(RotationKeys, RefuseWhatARotationCannotUseWithoutShowingIt) {
  const auto error = [](ConfigFlags more) {
    more.emplace_back("offline.secret", std::string(kSecret));
    more.emplace_back("server.admin_token", std::string(kToken));
    return load_error(config_sources({}, required_flags(std::move(more))));
  };
  const std::string short_one = error({{"offline.previous_secrets", std::string(kOld) + ",short"}});
  EXPECT_EQ(short_one,
            "offline.previous_secrets = *** (from --offline.previous_secrets) has entry 2 too "
            "short: each must have at least 16 bytes");
  EXPECT_EQ(error({{"offline.previous_secrets", std::string(kSecret)}}),
            "offline.previous_secrets = *** (from --offline.previous_secrets) has entry 1 equal "
            "to offline.secret: list only the ones that are no longer current");
  EXPECT_EQ(error({{"server.previous_admin_tokens",
                    "token-number-one-0123,token-number-two-0123,token-number-one-0123"}}),
            "server.previous_admin_tokens = *** (from --server.previous_admin_tokens) has "
            "entries 1 and 3 equal: list each one once");
  std::string five;
  for (int i = 0; i < 5; ++i) five += (i ? "," : "") + std::string(kOld) + std::to_string(i);
  EXPECT_NE(error({{"offline.previous_secrets", five}}).find("has 5 entries; at most 4 are kept"),
            std::string::npos);
  EXPECT_EQ(short_one.find(kOld), std::string::npos);
}

TEST(RotationKeys, PreviousAdminTokensNeedACurrentOne) {
  EXPECT_EQ(load_error(config_sources(
                {}, required_flags({{"server.previous_admin_tokens", std::string(kToken)}}))),
            "server.previous_admin_tokens = *** (from --server.previous_admin_tokens) is set "
            "while server.admin_token is empty, which disables /admin; set the new token as "
            "server.admin_token too");
}

}  // namespace
}  // namespace gt3::service
