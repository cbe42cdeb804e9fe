#include "service/config_flags.h"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <algorithm>

#include "service/config_keys.h"

namespace gt3::service {
namespace {

using Flags = std::vector<std::pair<std::string, std::string>>;

Flags parse(std::vector<std::string> args, ConfigCommand command = ConfigCommand::kServe) {
  CLI::App app{"test"};
  Flags out;
  add_config_flags(app, out, command);
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  app.parse(args);
  return out;
}

// The help of a command's configuration flags (with its own defaults).
std::string help_of(ConfigCommand command, const Flags& command_defaults = {}) {
  CLI::App app{"test"};
  Flags out;
  add_config_flags(app, out, command, command_defaults);
  return app.help();
}

TEST(ConfigFlags, EachCommandHasAFlagForEveryKeyItReadsAndNoOther) {
  for (const ConfigCommand command :
       {ConfigCommand::kServe, ConfigCommand::kDemo, ConfigCommand::kMonitor}) {
    CLI::App app{"test"};
    Flags out;
    add_config_flags(app, out, command);
    for (const ConfigKey& k : config_keys()) {
      EXPECT_EQ(app.get_option_no_throw(k.flag()) != nullptr, k.is_read_by(command))
          << config_command_name(command) << " " << k.flag();
    }
  }
}

TEST(ConfigFlags, AKeyOfAnotherCommandIsNotAFlag) {
  EXPECT_THROW(parse({"--geetest.id=x"}, ConfigCommand::kDemo), CLI::ParseError);
  EXPECT_THROW(parse({"--server.listen=:0"}, ConfigCommand::kMonitor), CLI::ParseError);
  EXPECT_EQ(parse({"--geetest.id=x"}, ConfigCommand::kMonitor), (Flags{{"geetest.id", "x"}}));
}

TEST(ConfigFlags, HelpMarksRequiredOnlyTheKeysTheCommandNeeds) {
  const std::string serve = help_of(ConfigCommand::kServe);
  EXPECT_NE(serve.find("from the GeeTest console (required)"), std::string::npos) << serve;
  const std::string monitor = help_of(ConfigCommand::kMonitor);
  EXPECT_NE(monitor.find("--geetest.id"), std::string::npos) << monitor;
  EXPECT_EQ(monitor.find("--geetest.key"), std::string::npos) << monitor;
  const std::string demo = help_of(ConfigCommand::kDemo);
  EXPECT_EQ(demo.find("(required)"), std::string::npos) << demo;
  EXPECT_EQ(demo.find("--geetest.id"), std::string::npos) << demo;
  EXPECT_EQ(demo.find("--store."), std::string::npos) << demo;
  EXPECT_NE(demo.find("--offline.policy"), std::string::npos) << demo;
}

TEST(ConfigFlags, HelpShowsTheCommandsOwnDefault) {
  const std::string demo = help_of(ConfigCommand::kDemo, {{"bypass.interval_ms", "1000"}});
  const std::size_t flag = demo.find("--bypass.interval_ms");
  ASSERT_NE(flag, std::string::npos) << demo;
  const std::string line = demo.substr(flag, demo.find('\n', flag) - flag);
  EXPECT_NE(line.find("1000"), std::string::npos) << line;
  EXPECT_EQ(line.find("2000"), std::string::npos) << line;
}

TEST(ConfigFlags, ABooleanFlagAloneMeansTrue) {
  EXPECT_EQ(parse({"--server.access_log"}), (Flags{{"server.access_log", "true"}}));
}

TEST(ConfigFlags, ABooleanFlagTakesAValueAfterEquals) {
  EXPECT_EQ(parse({"--server.access_log=false"}), (Flags{{"server.access_log", "false"}}));
  // Checked by load_config, which names the key and the value.
  EXPECT_EQ(parse({"--server.access_log=maybe"}), (Flags{{"server.access_log", "maybe"}}));
}

TEST(ConfigFlags, ABooleanFlagNeverTakesTheNextArgument) {
  CLI::App app{"test"};
  ServeConfigArgs args;
  add_serve_config_options(app, args, ConfigCommand::kServe);
  app.allow_extras();
  app.parse(std::vector<std::string>{"extra", "--server.access_log", "x.toml", "--config",
                                     "--server.access_log"});
  EXPECT_EQ(args.config_file, "x.toml");
  EXPECT_EQ(args.flags, (Flags{{"server.access_log", "true"}, {"server.access_log", "true"}}));
  EXPECT_EQ(app.remaining(), std::vector<std::string>{"extra"});
}

TEST(ConfigFlags, ValuesAreCollectedAsTyped) {
  Flags flags = parse(
      {"--server.listen=:0", "--geetest.id", "abc", "--server.trusted_proxies", "10.0.0.0/8,::1"});
  std::sort(flags.begin(), flags.end());  // CLI11 reports one key after another
  EXPECT_EQ(flags, (Flags{{"geetest.id", "abc"},
                          {"server.listen", ":0"},
                          {"server.trusted_proxies", "10.0.0.0/8,::1"}}));
}

TEST(ConfigFlags, RepeatedFlagKeepsEveryValueInOrder) {
  EXPECT_EQ(parse({"--server.threads=2", "--server.threads=4"}),
            (Flags{{"server.threads", "2"}, {"server.threads", "4"}}));
}

TEST(ConfigFlags, NoFlagNoValue) { EXPECT_TRUE(parse({}).empty()); }

TEST(ConfigFlags, UnknownFlagIsAParseError) {
  EXPECT_THROW(parse({"--server.listn=:0"}), CLI::ParseError);
}

TEST(ConfigFlags, HelpShowsDefaultsAndEnvironmentNamesButNoSecretDefaults) {
  const std::string help = help_of(ConfigCommand::kServe);
  EXPECT_NE(help.find("--geetest.timeout_ms"), std::string::npos);
  EXPECT_NE(help.find("800"), std::string::npos);
  EXPECT_NE(help.find("GT3_STORE_REDIS_URL"), std::string::npos);
  EXPECT_NE(help.find("--offline.secret"), std::string::npos);
}

TEST(ServeConfigArgs, ConfigFileAndPrintConfigAreRead) {
  CLI::App app{"test"};
  ServeConfigArgs args;
  add_serve_config_options(app, args, ConfigCommand::kMonitor, {{"bypass.interval_ms", "900"}});
  app.parse(std::vector<std::string>{"a.toml", "--config", "--print-config", "--geetest.id=x"});
  EXPECT_EQ(args.config_file, "a.toml");
  EXPECT_TRUE(args.print_config);
  EXPECT_EQ(args.flags, (Flags{{"geetest.id", "x"}}));
  const ConfigSources sources = args.sources();
  EXPECT_EQ(sources.file, "a.toml");
  EXPECT_EQ(sources.flags, args.flags);
  EXPECT_TRUE(sources.env);
  EXPECT_EQ(sources.command, ConfigCommand::kMonitor);
  EXPECT_EQ(sources.command_values, (Flags{{"bypass.interval_ms", "900"}}));
}

}  // namespace
}  // namespace gt3::service
