#include "service/print_config.h"

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include "service/config_keys.h"
#include "service/config_loader.h"

namespace gt3::service {
namespace {

ServiceConfig with_secrets() {
  ConfigSources sources;
  sources.flags = {{"geetest.id", "0123456789abcdef0123456789abcdef"},
                   {"geetest.key", "PRIVATE-KEY-VALUE"},
                   {"server.admin_token", "ADMIN-TOKEN-VALUE-0123"},
                   {"server.trusted_proxies", "10.0.0.0/8,::1"},
                   {"store.redis_url", "redis://:REDIS-PASSWORD@[::1]:6380/2"},
                   {"offline.secret", "OFFLINE-SECRET-VALUE"}};
  auto config = load_config(sources);
  EXPECT_TRUE(config.has_value()) << config.error().detail;
  return config.has_value() ? *config : ServiceConfig{};
}

TEST(PrintConfig, IsValidTomlWithEveryKeyServeReads) {
  const std::string printed = print_config(with_secrets());
  toml::table parsed;
  ASSERT_NO_THROW(parsed = toml::parse(printed)) << printed;
  for (const ConfigKey& k : config_keys()) {
    EXPECT_EQ(!!parsed[k.section][k.name], k.is_read_by(ConfigCommand::kServe))
        << k.dotted() << " in\n"
        << printed;
  }
  EXPECT_EQ(parsed["server"]["trusted_proxies"][1].value<std::string>(), "::1");
  EXPECT_EQ(parsed["bypass"]["jitter"].value<double>(), 0.1);
  EXPECT_TRUE(parsed["bypass"]["jitter"].is_floating_point());
}

TEST(PrintConfig, NoSecretAppears) {
  const std::string printed = print_config(with_secrets());
  for (const char* secret :
       {"PRIVATE-KEY-VALUE", "ADMIN-TOKEN-VALUE", "REDIS-PASSWORD", "OFFLINE-SECRET-VALUE"}) {
    EXPECT_EQ(printed.find(secret), std::string::npos) << secret << " in\n" << printed;
  }
  const toml::table parsed = toml::parse(printed);
  EXPECT_EQ(parsed["geetest"]["key"].value<std::string>(), "***");
  EXPECT_EQ(parsed["server"]["admin_token"].value<std::string>(), "***");
  EXPECT_EQ(parsed["offline"]["secret"].value<std::string>(), "***");
  EXPECT_EQ(parsed["store"]["redis_url"].value<std::string>(), "redis://:***@[::1]:6380/2");
}

TEST(PrintConfig, UnsetSecretsAreEmptyWithAComment) {
  ConfigSources sources;
  sources.flags = {{"geetest.id", "abc"}, {"geetest.key", "def"}};
  const std::string printed = print_config(load_config(sources).value());
  EXPECT_NE(printed.find("admin_token = \"\"  # unset: /admin is disabled"), std::string::npos)
      << printed;
  EXPECT_NE(printed.find("secret = \"\"  # unset: a random secret was generated"),
            std::string::npos)
      << printed;
  EXPECT_NE(printed.find("redis_url = \"redis://127.0.0.1:6379/0\"\n"), std::string::npos)
      << printed;
}

TEST(PrintConfig, ListsOnlyTheKeysTheCommandReadsAndNamesIt) {
  for (const ConfigCommand command : {ConfigCommand::kDemo, ConfigCommand::kMonitor}) {
    const std::string printed = print_config(with_secrets(), command);
    const std::string name(config_command_name(command));
    EXPECT_EQ(printed.rfind("# gt3-bypass " + name + ": the effective configuration", 0), 0u)
        << printed;
    const toml::table parsed = toml::parse(printed);
    for (const ConfigKey& k : config_keys()) {
      EXPECT_EQ(!!parsed[k.section][k.name], k.is_read_by(command))
          << name << " " << k.dotted() << " in\n"
          << printed;
    }
  }
}

TEST(PrintConfig, AMissingRequiredKeyIsShownAsMissingWithHowToSetIt) {
  ServiceConfig config;
  const std::string printed =
      print_config(config, ConfigCommand::kServe, {"geetest.id", "geetest.key"});
  EXPECT_NE(printed.find("\nid = <missing: required>  # set id under [geetest], GT3_GEETEST_ID "
                         "or --geetest.id\n"),
            std::string::npos)
      << printed;
  EXPECT_NE(printed.find("\nkey = <missing: required>"), std::string::npos) << printed;
  EXPECT_NE(printed.find("# INCOMPLETE: 2 required keys are missing; serve does not start until "
                         "each is set\n"),
            std::string::npos)
      << printed;
  // Not TOML: saved as a config file, it fails to load instead of starting without the key.
  EXPECT_THROW(toml::parse(printed), toml::parse_error);
}

TEST(PrintConfig, NothingMissingNoMissingMark) {
  const std::string printed = print_config(with_secrets());
  EXPECT_EQ(printed.find("missing"), std::string::npos) << printed;
  EXPECT_EQ(printed.find("INCOMPLETE"), std::string::npos) << printed;
}

TEST(PrintConfig, StringsAreEscaped) {
  ServiceConfig config;
  config.geetest.client.captcha_id = "a\"b\\c\n";
  const toml::table parsed = toml::parse(print_config(config));
  EXPECT_EQ(parsed["geetest"]["id"].value<std::string>(), "a\"b\\c\n");
}

TEST(PrintConfig, ReloadsToTheSameConfiguration) {
  const ServiceConfig config = with_secrets();
  const std::string printed = print_config(config);
  const toml::table parsed = toml::parse(printed);
  // The printed file minus its masked secrets, the secrets given again as flags.
  ConfigSources sources;
  sources.env = [&parsed](std::string_view name) -> std::optional<std::string> {
    for (const ConfigKey& k : config_keys()) {
      if (k.env_name() == name && !k.secret && k.dotted() != "store.redis_url" &&
          k.type != KeyType::kStringArray) {
        const toml::node* node = parsed[k.section][k.name].node();
        if (node == nullptr) return std::nullopt;  // a key serve does not read: not printed
        std::ostringstream out;
        node->visit([&out](const auto& v) {
          if constexpr (toml::is_string<decltype(v)>) {
            out << v.get();
          } else {
            out << v;
          }
        });
        return out.str();
      }
    }
    return std::nullopt;
  };
  sources.flags = {{"geetest.key", "PRIVATE-KEY-VALUE"},
                   {"server.admin_token", "ADMIN-TOKEN-VALUE-0123"},
                   {"server.trusted_proxies", "10.0.0.0/8,::1"},
                   {"store.redis_url", "redis://:REDIS-PASSWORD@[::1]:6380/2"},
                   {"offline.secret", "OFFLINE-SECRET-VALUE"}};
  const auto reloaded = load_config(sources);
  ASSERT_TRUE(reloaded.has_value()) << reloaded.error().detail;
  EXPECT_EQ(print_config(*reloaded), printed);
}

}  // namespace
}  // namespace gt3::service
