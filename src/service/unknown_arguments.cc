#include "service/unknown_arguments.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <string_view>
#include <vector>

#include "service/config_keys.h"

namespace gt3::service {
namespace {

// The subcommand the user chose, or the program itself.
const CLI::App& chosen_command(const CLI::App& program) {
  for (const CLI::App* sub : program.get_subcommands()) {
    if (sub->parsed()) return *sub;
  }
  return program;
}

// The command's long flag names without their dashes ("offline.secret").
std::vector<std::string> long_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& name : option->get_lnames()) names.push_back(name);
  }
  return names;
}

// Why a configuration key's flag is not one of this command's, when `bare` is such a key:
// " (demo does not read geetest.id; serve and monitor do)". "" otherwise.
std::string key_of_another_command(std::string_view bare, const CLI::App& command,
                                   const CLI::App& program) {
  const ConfigKey* k = find_config_key(bare);
  if (k == nullptr || k->read_by.empty()) return "";
  // A flag of the command itself that went unread stood before the subcommand's name.
  if (&command == &program || command.get_option_no_throw(k->flag()) != nullptr) {
    return " (a flag of " + k->readers() + ": put it after the subcommand)";
  }
  return " (" + k->read_elsewhere(command.get_name()) + ")";
}

// A word a user may have meant as a boolean flag's value, written after a space.
bool is_boolean_word(std::string_view word) {
  for (std::string_view b : {"true", "false", "yes", "no", "1", "0"}) {
    if (word.size() == b.size() &&
        std::equal(word.begin(), word.end(), b.begin(), [](char x, char y) {
          return std::tolower(static_cast<unsigned char>(x)) == y;
        })) {
      return true;
    }
  }
  return false;
}

// The first boolean configuration flag of the command ("--server.access_log"), or "".
std::string boolean_flag_of(const CLI::App& command) {
  for (const ConfigKey& k : config_keys()) {
    if (k.type == KeyType::kBoolean && command.get_option_no_throw(k.flag()) != nullptr) {
      return k.flag();
    }
  }
  return "";
}

}  // namespace

std::string unknown_arguments_message(const CLI::App& program) {
  const CLI::App& command = chosen_command(program);
  std::string prefix = program.get_name();
  if (&command != &program) prefix += " " + command.get_name();

  std::vector<std::string> flags;
  std::string subcommand;  // a mistyped subcommand's name
  std::size_t others = 0;
  bool boolean_word = false;  // an unexpected "false": perhaps a boolean flag's value
  const std::vector<std::string> remaining = program.remaining(/*recurse=*/true);
  for (std::size_t i = 0; i < remaining.size(); ++i) {
    const std::string& argument = remaining[i];
    if (argument.size() > 1 && argument.front() == '-' && argument != "--") {
      flags.push_back(argument.substr(0, argument.find('=')));
    } else if (i == 0 && &command == &program) {
      // The first word, with no subcommand chosen: a subcommand's name, not a flag's value.
      subcommand = argument;
    } else {
      ++others;
      boolean_word = boolean_word || is_boolean_word(argument);
    }
  }

  const std::vector<std::string> known = long_names(command);
  std::string message = prefix + ": ";
  if (!subcommand.empty()) {
    std::vector<std::string> names;
    for (const CLI::App* sub : program.get_subcommands({})) names.push_back(sub->get_name());
    const std::string close = closest_name(subcommand, names);
    message += "unknown subcommand " + subcommand;
    if (!close.empty()) message += " (did you mean " + close + "?)";
    if (!flags.empty() || others > 0) message += ", ";
  }
  for (std::size_t i = 0; i < flags.size(); ++i) {
    std::string_view bare = flags[i];
    while (bare.starts_with('-')) bare.remove_prefix(1);
    const std::string close = closest_name(bare, known);
    const std::string elsewhere = key_of_another_command(bare, command, program);
    message += (i == 0 ? "unknown flag " : ", unknown flag ") + flags[i];
    if (!elsewhere.empty()) {
      message += elsewhere;
    } else if (!close.empty()) {
      message += " (did you mean --" + close + "?)";
    }
  }
  if (others > 0) {
    if (!flags.empty()) message += ", and ";
    if (flags.empty() && !subcommand.empty()) message += "and ";
    message += std::to_string(others) + " unexpected argument" + (others == 1 ? "" : "s");
  }
  if (!flags.empty() || others > 0) message += "; values are not shown";
  const std::string boolean_flag = boolean_flag_of(command);
  if (boolean_word && !boolean_flag.empty()) {
    message += "; a boolean flag takes its value after '=' only (" + boolean_flag + "=false)";
  }
  message += &command == &program
                 ? "; run '" + prefix + " help' for the subcommands and their flags"
                 : "; run '" + prefix + " --help' for every flag";
  return message;
}

}  // namespace gt3::service
