#include "service/config_flags.h"

#include <CLI/CLI.hpp>

namespace gt3::service {
namespace {

std::string_view type_label(KeyType type) {
  switch (type) {
    case KeyType::kString:
      return "TEXT";
    case KeyType::kInteger:
      return "INT";
    case KeyType::kFloat:
      return "FLOAT";
    case KeyType::kBoolean:
      return "BOOL";
    case KeyType::kStringArray:
      return "LIST";
  }
  return "TEXT";
}

// The default shown in help: the command's own, else the table's; none for a secret, "" or a
// required key (which says "(required)" instead).
std::optional<std::string> shown_default(const ConfigKey& k, const KeyValues& command_defaults) {
  for (const auto& [name, value] : command_defaults) {
    if (name == k.dotted()) return value;
  }
  if (k.secret || k.default_text == "\"\"" || k.required) return std::nullopt;
  return std::string(k.default_text);
}

}  // namespace

void add_config_flags(CLI::App& command, KeyValues& out, ConfigCommand reader,
                      const KeyValues& command_defaults) {
  for (const ConfigKey& k : config_keys()) {
    if (!k.is_read_by(reader)) continue;
    std::string help(k.help);
    if (k.type == KeyType::kStringArray) help += "; comma-separated";
    if (k.type == KeyType::kBoolean) help += "; alone it means true, or =true/=false";
    if (k.required) help += " (required)";
    help += " (env " + k.env_name() + ")";
    // Not add_option(name, help): a std::string lvalue there is taken as the variable to fill.
    CLI::Option* option = command.add_option(k.flag());
    option->description(help)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->group("Configuration (flag > environment > file > default)")
        ->each(
            [&out, name = k.dotted()](const std::string& value) { out.emplace_back(name, value); });
    if (k.type == KeyType::kBoolean) {
      // A flag: its value only after '=', so that it never takes the next argument. CLI11 gives
      // "true" for the bare flag and any other text as typed, which load_config then checks.
      option->expected(0);
    } else {
      option->type_name(std::string(type_label(k.type)))->expected(1);
    }
    if (auto shown = shown_default(k, command_defaults)) option->default_str(*std::move(shown));
  }
}

ConfigSources ServeConfigArgs::sources() const {
  ConfigSources sources{config_file, process_env, flags};
  sources.command = command;
  sources.command_values = command_defaults;
  return sources;
}

void add_serve_config_options(CLI::App& command, ServeConfigArgs& args, ConfigCommand reader,
                              KeyValues command_defaults) {
  args.command = reader;
  args.command_defaults = std::move(command_defaults);
  command.add_option("--config", args.config_file, "TOML configuration file (gt3.example.toml)")
      ->envname("GT3_CONFIG")
      ->type_name("FILE");
  command.add_flag("--print-config", args.print_config,
                   "Print the effective configuration as TOML (secrets masked) and exit: 0, or 2 "
                   "when a required key is missing or a value is bad");
  add_config_flags(command, args.flags, reader, args.command_defaults);
}

}  // namespace gt3::service
