#include "service/command_config.h"

#include <iostream>

#include "service/print_config.h"

namespace gt3::service {
namespace {

// "geetest.id and geetest.key", with the environment variables and flags that set them.
std::string missing_keys_message(std::string_view command, const std::vector<std::string>& keys) {
  std::string names, envs, flags;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string separator = i == 0 ? "" : i + 1 == keys.size() ? " and " : ", ";
    const ConfigKey* k = find_config_key(keys[i]);
    names += separator + keys[i];
    envs += separator + (k ? k->env_name() : keys[i]);
    flags += separator + (k ? k->flag() : keys[i]);
  }
  const std::string program = "gt3-bypass " + std::string(command);
  return program + ": the configuration above is incomplete: " + names +
         (keys.size() == 1 ? " is" : " are") + " required by " + std::string(command) +
         " and not set; set " + (keys.size() == 1 ? "it" : "each") +
         " in the config file, in the environment (" + envs + ") or with " + flags +
         ", then check again with '" + program + " --print-config'";
}

}  // namespace

std::variant<ServiceConfig, int> config_or_exit(const ConfigSources& sources, bool print_config) {
  const ConfigCommand command = sources.command.value_or(ConfigCommand::kServe);
  const std::string program = "gt3-bypass " + std::string(config_command_name(command));
  if (print_config) {
    auto draft = load_config_draft(sources);
    if (!draft) {
      std::cerr << program << ": " << draft.error().detail << "\n";
      return 2;
    }
    std::cout << gt3::service::print_config(draft->config, command, draft->missing) << std::flush;
    if (draft->missing.empty()) return 0;
    std::cerr << missing_keys_message(config_command_name(command), draft->missing) << "\n";
    return 2;
  }
  auto config = load_config(sources);
  if (!config) {
    std::cerr << program << ": " << config.error().detail << "\n";
    return 2;
  }
  return std::move(*config);
}

}  // namespace gt3::service
