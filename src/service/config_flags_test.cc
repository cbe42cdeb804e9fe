#include "service/config_flags.h"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <algorithm>

#include "service/config_keys.h"

namespace gt3::service {
namespace {

using Flags = std::vector<std::pair<std::string, std::string>>;

Flags parse(std::vector<std::string> args) {
  CLI::App app{"test"};
  Flags out;
  add_config_flags(app, out);
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  app.parse(args);
  return out;
}

TEST(ConfigFlags, EveryKeyHasAFlag) {
  CLI::App app{"test"};
  Flags out;
  add_config_flags(app, out);
  for (const ConfigKey& k : config_keys()) {
    EXPECT_NE(app.get_option_no_throw(k.flag()), nullptr) << k.flag();
  }
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
  CLI::App app{"test"};
  Flags out;
  add_config_flags(app, out);
  const std::string help = app.help();
  EXPECT_NE(help.find("--geetest.timeout_ms"), std::string::npos);
  EXPECT_NE(help.find("800"), std::string::npos);
  EXPECT_NE(help.find("GT3_STORE_REDIS_URL"), std::string::npos);
  EXPECT_NE(help.find("--offline.secret"), std::string::npos);
}

TEST(ServeConfigArgs, ConfigFileAndPrintConfigAreRead) {
  CLI::App app{"test"};
  ServeConfigArgs args;
  add_serve_config_options(app, args);
  app.parse(std::vector<std::string>{"a.toml", "--config", "--print-config", "--geetest.id=x"});
  EXPECT_EQ(args.config_file, "a.toml");
  EXPECT_TRUE(args.print_config);
  EXPECT_EQ(args.flags, (Flags{{"geetest.id", "x"}}));
  const ConfigSources sources = args.sources();
  EXPECT_EQ(sources.file, "a.toml");
  EXPECT_EQ(sources.flags, args.flags);
  EXPECT_TRUE(sources.env);
}

}  // namespace
}  // namespace gt3::service
