#include "service/config_flags.h"

#include <CLI/CLI.hpp>

#include "service/config_keys.h"

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

}  // namespace

void add_config_flags(CLI::App& command, std::vector<std::pair<std::string, std::string>>& out) {
  for (const ConfigKey& k : config_keys()) {
    std::string help(k.help);
    if (k.type == KeyType::kStringArray) help += "; comma-separated";
    help += " (env " + k.env_name() + ")";
    // Not add_option(name, help): a std::string lvalue there is taken as the variable to fill.
    CLI::Option* option = command.add_option(k.flag());
    option->description(help)
        ->type_name(std::string(type_label(k.type)))
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->group("Configuration (flag > environment > file > default)")
        ->each(
            [&out, name = k.dotted()](const std::string& value) { out.emplace_back(name, value); });
    if (!k.secret && k.default_text != "\"\"") option->default_str(std::string(k.default_text));
  }
}

ConfigSources ServeConfigArgs::sources() const {
  return ConfigSources{config_file, process_env, flags};
}

void add_serve_config_options(CLI::App& command, ServeConfigArgs& args) {
  command.add_option("--config", args.config_file, "TOML configuration file (gt3.example.toml)")
      ->envname("GT3_CONFIG")
      ->type_name("FILE");
  command.add_flag("--print-config", args.print_config,
                   "Print the effective configuration as TOML (secrets masked) and exit");
  add_config_flags(command, args.flags);
}

}  // namespace gt3::service
