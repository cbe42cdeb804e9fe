#include "service/unknown_arguments.h"

#include <CLI/CLI.hpp>
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

}  // namespace

std::string unknown_arguments_message(const CLI::App& program) {
  const CLI::App& command = chosen_command(program);
  std::string prefix = program.get_name();
  if (&command != &program) prefix += " " + command.get_name();

  std::vector<std::string> flags;
  std::string subcommand;  // a mistyped subcommand's name
  std::size_t others = 0;
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
    message += (i == 0 ? "unknown flag " : ", unknown flag ") + flags[i];
    if (!close.empty()) message += " (did you mean --" + close + "?)";
  }
  if (others > 0) {
    if (!flags.empty()) message += ", and ";
    if (flags.empty() && !subcommand.empty()) message += "and ";
    message += std::to_string(others) + " unexpected argument" + (others == 1 ? "" : "s");
  }
  if (!flags.empty() || others > 0) message += "; values are not shown";
  message += &command == &program
                 ? "; run '" + prefix + " help' for the subcommands and their flags"
                 : "; run '" + prefix + " --help' for every flag";
  return message;
}

}  // namespace gt3::service
