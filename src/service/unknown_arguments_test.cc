// An unknown flag is named, never its value: a mistyped secret flag must not print the secret.
#include "service/unknown_arguments.h"

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <vector>

#include "service/cloudsim_command.h"
#include "service/demo_command.h"
#include "service/monitor_command.h"
#include "service/serve_command.h"

namespace gt3::service {
namespace {

constexpr std::string_view kSecret = "hunter2-the-offline-secret";

// What gt3-bypass prints for this command line, "" when it parses.
std::string message_for(std::vector<std::string> arguments) {
  CLI::App program{"test", "gt3-bypass"};
  // Each Command owns what its flags write into: it must outlive the parse, as in main.cc.
  const Command serve = add_serve_command(program);
  const Command demo = add_demo_command(program);
  const Command monitor = add_monitor_command(program);
  const Command cloudsim = add_cloudsim_command(program);
  std::vector<const char*> argv{"gt3-bypass"};
  for (const std::string& a : arguments) argv.push_back(a.c_str());
  try {
    program.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ExtrasError&) {
    return unknown_arguments_message(program);
  }
  return "";
}

TEST(UnknownArguments, FlagWithEqualsValueIsNamedWithoutItsValue) {
  const std::string message =
      message_for({"serve", "--offline.secrt=" + std::string(kSecret), "--geetest.id=x"});
  EXPECT_EQ(message,
            "gt3-bypass serve: unknown flag --offline.secrt (did you mean --offline.secret?); "
            "values are not shown; run 'gt3-bypass serve --help' for every flag");
  EXPECT_EQ(message.find(kSecret), std::string::npos);
}

TEST(UnknownArguments, FlagWithSeparateValueIsNamedAndTheValueOnlyCounted) {
  const std::string message = message_for({"serve", "--offline.secrt", std::string(kSecret)});
  EXPECT_NE(message.find("unknown flag --offline.secrt (did you mean --offline.secret?)"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("1 unexpected argument;"), std::string::npos) << message;
  EXPECT_EQ(message.find(kSecret), std::string::npos) << message;
}

TEST(UnknownArguments, EveryUnknownFlagIsNamed) {
  const std::string message = message_for({"cloudsim", "--mdoe=down", "--zzzzzzzzzz=1"});
  EXPECT_EQ(message,
            "gt3-bypass cloudsim: unknown flag --mdoe (did you mean --mode?), unknown flag "
            "--zzzzzzzzzz; values are not shown; run 'gt3-bypass cloudsim --help' for every flag");
}

TEST(UnknownArguments, AStrayArgumentIsCountedNotShown) {
  const std::string message = message_for({"serve", std::string(kSecret)});
  EXPECT_EQ(message,
            "gt3-bypass serve: 1 unexpected argument; values are not shown; run 'gt3-bypass "
            "serve --help' for every flag");
}

TEST(UnknownArguments, AMistypedSubcommandIsNamed) {
  EXPECT_EQ(message_for({"serv"}),
            "gt3-bypass: unknown subcommand serv (did you mean serve?); run 'gt3-bypass help' for "
            "the subcommands and their flags");
}

TEST(UnknownArguments, AFlagsValueBeforeAnySubcommandIsNotTakenForOne) {
  const std::string message = message_for({"--token", std::string(kSecret)});
  EXPECT_EQ(message.find(kSecret), std::string::npos) << message;
  EXPECT_NE(message.find("unknown flag --token, and 1 unexpected argument"), std::string::npos)
      << message;
}

TEST(UnknownArguments, AMistypedFlagGetsTheSuggestionAMistypedFileKeyGets) {
  // closest_name, as for "unknown key server.acces_log (did you mean server.access_log?)".
  EXPECT_EQ(message_for({"monitor", "--store.redis_ulr=redis://:" + std::string(kSecret) + "@h"}),
            "gt3-bypass monitor: unknown flag --store.redis_ulr (did you mean --store.redis_url?); "
            "values are not shown; run 'gt3-bypass monitor --help' for every flag");
}

TEST(UnknownArguments, AKeyTheCommandDoesNotReadSaysWhichCommandsDo) {
  EXPECT_EQ(message_for({"demo", "--geetest.key=" + std::string(kSecret)}),
            "gt3-bypass demo: unknown flag --geetest.key (demo does not read geetest.key; serve "
            "does); values are not shown; run 'gt3-bypass demo --help' for every flag");
  EXPECT_NE(message_for({"monitor", "--server.listen", ":0"})
                .find("unknown flag --server.listen (monitor does not read server.listen; serve "
                      "and demo do)"),
            std::string::npos);
}

TEST(UnknownArguments, ABooleanFlagLeavesTheNextArgumentAloneAndSaysWhy) {
  const std::string message = message_for({"serve", "--server.access_log", "false"});
  EXPECT_EQ(message,
            "gt3-bypass serve: 1 unexpected argument; values are not shown; a boolean flag takes "
            "its value after '=' only (--server.access_log=false); run 'gt3-bypass serve --help' "
            "for every flag");
  EXPECT_EQ(message_for({"serve", "--server.access_log", "--geetest.id", "x"}), "");
  EXPECT_EQ(message_for({"serve", "--server.access_log=false"}), "");
}

TEST(UnknownArguments, KnownFlagsParse) {
  EXPECT_EQ(message_for({"serve", "--offline.secret=" + std::string(kSecret)}), "");
}

}  // namespace
}  // namespace gt3::service
