// load_config for one command (ConfigSources::command): only the keys the command reads are read
// and required, the command's own values, a shared file holding other commands' keys; and
// load_config_draft, which lists missing required keys for --print-config.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "service/config_loader.h"
#include "testing/config_sources.h"

namespace gt3::service {
namespace {

using testing::config_sources;
using testing::ConfigEnv;
using testing::ConfigFlags;
using testing::kConfigCaptchaId;
using testing::load_error;
using testing::load_ok;
using testing::required_flags;

ConfigSources for_command(ConfigCommand command, ConfigEnv env = {}, ConfigFlags flags = {},
                          ConfigFlags command_values = {}) {
  ConfigSources s = config_sources(std::move(env), std::move(flags));
  s.command = command;
  s.command_values = std::move(command_values);
  return s;
}

TEST(LoadConfigForACommand, MonitorNeedsTheIdButNotTheKey) {
  const ServiceConfig c = load_ok(
      for_command(ConfigCommand::kMonitor, {}, {{"geetest.id", std::string(kConfigCaptchaId)}}));
  EXPECT_EQ(c.geetest.client.captcha_id, kConfigCaptchaId);
  EXPECT_TRUE(c.geetest.client.private_key.empty());
  EXPECT_NE(load_error(for_command(ConfigCommand::kMonitor)).find("geetest.id is required"),
            std::string::npos);
}

TEST(LoadConfigForACommand, AFileKeyOfAnotherCommandIsAcceptedUnread) {
  // One file for serve and monitor: monitor does not read [server] or [offline].
  ConfigSources s = for_command(ConfigCommand::kMonitor);
  s.file = "shared.toml";
  s.file_text = "[geetest]\nid = \"" + std::string(kConfigCaptchaId) +
                "\"\nkey = \"k3y\"\n[server]\nlisten = \"not an address\"\n[offline]\n"
                "policy = 42\n";
  const ServiceConfig c = load_ok(s);
  EXPECT_EQ(c.server.listen, ServerSettings{}.listen);
  EXPECT_TRUE(c.geetest.client.private_key.empty());
}

TEST(LoadConfigForACommand, AnUnknownFileKeyIsStillAnError) {
  ConfigSources s = for_command(ConfigCommand::kMonitor);
  s.file = "shared.toml";
  s.file_text = "[server]\nlistn = \":0\"\n";
  EXPECT_EQ(load_error(s),
            "shared.toml:2:1: unknown key server.listn (did you mean server.listen?); "
            "gt3.example.toml lists every key");
}

TEST(LoadConfigForACommand, TheEnvironmentOfAKeyNotReadIsIgnored) {
  const ServiceConfig c =
      load_ok(for_command(ConfigCommand::kMonitor, {{"GT3_SERVER_LISTEN", "nonsense"}},
                          {{"geetest.id", std::string(kConfigCaptchaId)}}));
  EXPECT_EQ(c.server.listen, ServerSettings{}.listen);
}

TEST(LoadConfigForACommand, AFlagOfAKeyNotReadIsAnError) {
  EXPECT_EQ(load_error(for_command(ConfigCommand::kMonitor, {},
                                   {{"geetest.id", "x"}, {"server.listen", ":0"}})),
            "--server.listen is not a flag of monitor: monitor does not read server.listen; "
            "serve and demo do");
}

TEST(LoadConfigForACommand, TheCommandsOwnDefaultIsBeatenByEverySource) {
  const ConfigFlags demo_defaults{{"bypass.interval_ms", "1000"}};
  const ConfigFlags settings{{"geetest.id", "sim"}, {"geetest.key", "simkey"}};
  ConfigFlags values = demo_defaults;
  values.insert(values.end(), settings.begin(), settings.end());
  EXPECT_EQ(load_ok(for_command(ConfigCommand::kDemo, {}, {}, values)).bypass.checker.interval,
            std::chrono::milliseconds(1000));
  EXPECT_EQ(
      load_ok(for_command(ConfigCommand::kDemo, {{"GT3_BYPASS_INTERVAL_MS", "5000"}}, {}, values))
          .bypass.checker.interval,
      std::chrono::milliseconds(5000));
  ConfigSources file = for_command(ConfigCommand::kDemo, {}, {}, values);
  file.file = "demo.toml";
  file.file_text = "[bypass]\ninterval_ms = 3000\n";
  EXPECT_EQ(load_ok(file).bypass.checker.interval, std::chrono::milliseconds(3000));
  // Named as the command's in a message.
  EXPECT_EQ(
      load_error(for_command(ConfigCommand::kDemo, {}, {{"bypass.timeout_ms", "1500"}}, values)),
      "bypass.timeout_ms = 1500 (from --bypass.timeout_ms) must be below "
      "bypass.interval_ms = 1000 (default of demo), so that probes never overlap");
}

TEST(LoadConfigForACommand, AKeyTheCommandSetsItselfIgnoresTheSources) {
  // A file shared with serve names the real cloud; the demo keeps its simulator.
  ConfigSources s = for_command(ConfigCommand::kDemo, {{"GT3_GEETEST_ID", "from-env"}}, {},
                                {{"geetest.id", "sim"}, {"geetest.key", "simkey"}});
  s.file = "shared.toml";
  s.file_text = "[geetest]\nid = \"real\"\nkey = \"real-key\"\n";
  const ServiceConfig c = load_ok(s);
  EXPECT_EQ(c.geetest.client.captcha_id, "sim");
  EXPECT_EQ(c.geetest.client.private_key.reveal(), "simkey");
}

TEST(LoadConfigForACommand, NoCommandReadsEveryKey) {
  EXPECT_EQ(load_ok(config_sources({}, required_flags({{"server.listen", ":0"}}))).server.listen,
            ":0");
}

TEST(LoadConfigDraft, ListsTheMissingRequiredKeysAndLoadsTheRest) {
  const auto draft =
      load_config_draft(for_command(ConfigCommand::kServe, {}, {{"bypass.mode", "instant"}}));
  ASSERT_TRUE(draft.has_value()) << draft.error().detail;
  EXPECT_EQ(draft->missing, (std::vector<std::string>{"geetest.id", "geetest.key"}));
  EXPECT_EQ(draft->config.bypass.mode, BypassMode::kInstant);
  EXPECT_TRUE(draft->config.geetest.client.captcha_id.empty());
}

TEST(LoadConfigDraft, ListsOnlyWhatTheCommandRequires) {
  const auto draft = load_config_draft(for_command(ConfigCommand::kMonitor));
  ASSERT_TRUE(draft.has_value()) << draft.error().detail;
  EXPECT_EQ(draft->missing, (std::vector<std::string>{"geetest.id"}));
}

TEST(LoadConfigDraft, NothingMissingNothingListed) {
  const auto draft = load_config_draft(config_sources({}, required_flags()));
  ASSERT_TRUE(draft.has_value()) << draft.error().detail;
  EXPECT_TRUE(draft->missing.empty());
}

TEST(LoadConfigDraft, ABadValueStillStopsItNamingKeyAndValue) {
  const auto draft =
      load_config_draft(for_command(ConfigCommand::kServe, {}, {{"server.access_log", "maybe"}}));
  ASSERT_FALSE(draft.has_value());
  EXPECT_EQ(draft.error().detail,
            "server.access_log = \"maybe\" (from --server.access_log) is not a boolean: it must "
            "be true, false, 1, 0, yes or no");
}

TEST(LoadConfigDraft, AnEmptyRequiredValueIsABadValueNotAMissingOne) {
  const auto draft =
      load_config_draft(for_command(ConfigCommand::kServe, {}, {{"geetest.id", ""}}));
  ASSERT_FALSE(draft.has_value());
  EXPECT_NE(
      draft.error().detail.find("geetest.id = \"\" (from --geetest.id) must be the captcha id"),
      std::string::npos)
      << draft.error().detail;
}

}  // namespace
}  // namespace gt3::service
