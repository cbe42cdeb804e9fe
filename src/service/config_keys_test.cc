#include "service/config_keys.h"

#include <gtest/gtest.h>

#include <set>

#include "gt3/digest.h"
#include "gt3/bypass_options.h"
#include "service/config.h"

namespace gt3::service {
namespace {

TEST(ConfigKeys, EveryKeyIsListedOnce) {
  std::set<std::string> seen;
  for (const ConfigKey& k : config_keys()) {
    EXPECT_TRUE(seen.insert(k.dotted()).second) << k.dotted();
  }
  EXPECT_EQ(seen.size(), 45u);
}

TEST(ConfigKeys, NamesFollowThePublicScheme) {
  const ConfigKey* k = find_config_key("store", "redis_url");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->dotted(), "store.redis_url");
  EXPECT_EQ(k->env_name(), "GT3_STORE_REDIS_URL");
  EXPECT_EQ(k->flag(), "--store.redis_url");
  EXPECT_EQ(find_config_key("offline.rate_limit_per_minute")->env_name(),
            "GT3_OFFLINE_RATE_LIMIT_PER_MINUTE");
  EXPECT_EQ(find_config_key("store.nope"), nullptr);
  EXPECT_EQ(find_config_key("nodot"), nullptr);
}

TEST(ConfigKeys, SectionsAreInDesignOrder) {
  EXPECT_EQ(config_sections(),
            (std::vector<std::string_view>{"geetest", "server", "bypass", "store", "offline",
                                           "page", "monitor", "log"}));
}

TEST(ConfigKeys, SecretsAreMarked) {
  std::set<std::string> secrets;
  for (const ConfigKey& k : config_keys()) {
    if (k.secret) secrets.insert(k.dotted());
  }
  EXPECT_EQ(secrets,
            (std::set<std::string>{"geetest.key", "server.admin_token", "offline.secret"}));
}

TEST(ConfigKeys, OnlyTheGeetestIdAndKeyAreRequired) {
  for (const ConfigKey& k : config_keys()) {
    EXPECT_EQ(k.required, k.section == "geetest" && (k.name == "id" || k.name == "key"))
        << k.dotted();
    EXPECT_EQ(k.has_fixed_default(), !k.required && k.name != "rate_limit_per_minute")
        << k.dotted();
  }
}

TEST(ConfigKeys, ChoicesAreWhatTheParsersAccept) {
  const auto choices = [](std::string_view dotted) { return find_config_key(dotted)->choices; };
  for (auto c : choices("geetest.digestmod")) EXPECT_TRUE(parse_digestmod(c)) << c;
  for (auto c : choices("bypass.mode")) EXPECT_TRUE(parse_bypass_mode(c)) << c;
  for (auto c : choices("store.kind")) EXPECT_TRUE(parse_store_kind(c)) << c;
  for (auto c : choices("offline.policy")) EXPECT_TRUE(gt3::parse_offline_policy(c)) << c;
  for (auto c : choices("offline.online_fallback")) EXPECT_TRUE(parse_online_fallback(c)) << c;
  for (auto c : choices("log.level")) EXPECT_TRUE(parse_log_level(c)) << c;
  for (auto c : choices("log.format")) EXPECT_TRUE(parse_log_format(c)) << c;
  EXPECT_EQ(choices("offline.policy").size(), 4u);
  EXPECT_EQ(choices("log.level").size(), 6u);
}

TEST(ConfigKeys, NumbersHaveRanges) {
  for (const ConfigKey& k : config_keys()) {
    if (k.type == KeyType::kInteger || k.type == KeyType::kFloat) {
      EXPECT_TRUE(k.min && k.max) << k.dotted();
    }
  }
  EXPECT_EQ(find_config_key("geetest.timeout_ms")->allowed(), "an integer from 1 to 60000");
  EXPECT_EQ(find_config_key("bypass.jitter")->allowed(), "a number from 0 to 0.5");
  EXPECT_EQ(find_config_key("bypass.mode")->allowed(), "one of poll, instant, failback");
}

TEST(ConfigKeys, ClosestNameSuggestsTyposOnly) {
  const std::vector<std::string> known{"server.listen", "server.threads", "store.kind"};
  EXPECT_EQ(closest_name("server.listn", known), "server.listen");
  EXPECT_EQ(closest_name("Server.Threads", known), "server.threads");
  EXPECT_EQ(closest_name("bypass.mode", known), "");
}

}  // namespace
}  // namespace gt3::service
