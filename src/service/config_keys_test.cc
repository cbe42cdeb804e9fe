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
  EXPECT_EQ(seen.size(), 49u);
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
  EXPECT_EQ(secrets, (std::set<std::string>{"geetest.key", "server.admin_token",
                                            "server.previous_admin_tokens", "offline.secret",
                                            "offline.previous_secrets"}));
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
  for (auto c : choices("page.online_widget")) EXPECT_TRUE(parse_online_widget(c)) << c;
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

TEST(ConfigKeys, EveryKeyIsReadBySomeCommand) {
  // A key of a new section needs the section in section_readers() (config_keys.cc).
  for (const ConfigKey& k : config_keys()) {
    EXPECT_FALSE(k.read_by.empty()) << k.dotted() << " is read by no command";
  }
}

TEST(ConfigKeys, ServeReadsEveryKeyButTheMonitorsOwn) {
  for (const ConfigKey& k : config_keys()) {
    EXPECT_EQ(k.is_read_by(ConfigCommand::kServe), k.section != "monitor") << k.dotted();
  }
}

TEST(ConfigKeys, EachCommandReadsWhatItsRunCodeUses) {
  const auto readers = [](std::string_view dotted) { return find_config_key(dotted)->readers(); };
  // demo supplies the id, key and URLs of its simulator; monitor only probes.
  EXPECT_EQ(readers("geetest.id"), "serve and monitor");
  EXPECT_EQ(readers("geetest.key"), "serve");
  EXPECT_EQ(readers("geetest.api_url"), "serve");
  EXPECT_EQ(readers("geetest.bypass_url"), "serve and monitor");
  EXPECT_EQ(readers("geetest.timeout_ms"), "serve and demo");
  EXPECT_EQ(readers("server.listen"), "serve and demo");
  EXPECT_EQ(readers("bypass.interval_ms"), "serve, demo and monitor");
  EXPECT_EQ(readers("bypass.instant_cache_ms"), "serve and demo");  // monitor only polls
  EXPECT_EQ(readers("store.redis_url"), "serve and monitor");       // demo: always memory
  EXPECT_EQ(readers("offline.policy"), "serve and demo");
  EXPECT_EQ(readers("page.widget_url"), "serve and demo");
  EXPECT_EQ(readers("log.level"), "serve, demo and monitor");
}

TEST(ConfigKeys, CommandsAreNamedAsOnTheCommandLine) {
  EXPECT_EQ(config_command_name(ConfigCommand::kServe), "serve");
  EXPECT_EQ(config_command_name(ConfigCommand::kDemo), "demo");
  EXPECT_EQ(config_command_name(ConfigCommand::kMonitor), "monitor");
}

TEST(ConfigKeys, ClosestNameSuggestsTyposOnly) {
  const std::vector<std::string> known{"server.listen", "server.threads", "store.kind"};
  EXPECT_EQ(closest_name("server.listn", known), "server.listen");
  EXPECT_EQ(closest_name("Server.Threads", known), "server.threads");
  EXPECT_EQ(closest_name("bypass.mode", known), "");
}

}  // namespace
}  // namespace gt3::service
