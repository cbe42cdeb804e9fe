// The configuration on the command line: one flag --<section>.<key> per key the command reads
// (ConfigKey::read_by), collected as typed, for load_config to validate with the other sources
// (flags win).
//
// The flags take a value (--server.threads=4, --server.threads 4,
// --server.trusted_proxies=10.0.0.0/8,::1), except the booleans: --server.access_log alone means
// true, and a value goes only after '=' (--server.access_log=false), so a boolean never takes the
// next argument for its value. A flag given twice keeps both, in order, and the later one wins in
// load_config (the order between different keys is CLI11's, not the command line's). The help of
// each flag shows its default (the command's own, if it has one) and its environment variable.
// The collecting vector must outlive the parse. Not thread-safe (CLI11 setup).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "service/config_keys.h"
#include "service/config_loader.h"

namespace CLI {
class App;
}

namespace gt3::service {

using KeyValues = std::vector<std::pair<std::string, std::string>>;  // ("section.key", value)

// The flags of the keys `reader` reads; `command_defaults` replace the table's defaults in help.
void add_config_flags(CLI::App& command, KeyValues& out, ConfigCommand reader,
                      const KeyValues& command_defaults = {});

// What serve, demo and monitor read about their configuration from the command line.
struct ServeConfigArgs {
  ConfigCommand command = ConfigCommand::kServe;
  KeyValues command_defaults;              // the command's own defaults (ConfigSources)
  std::optional<std::string> config_file;  // --config FILE, or GT3_CONFIG
  bool print_config = false;               // --print-config: print the effective config, exit
  KeyValues flags;

  // The command, its defaults, the file, the process environment and the flags, for load_config.
  ConfigSources sources() const;
};

// --config, --print-config and the --<section>.<key> of every key `reader` reads, into `args`
// (which must outlive the parse); `command_defaults` are the command's own defaults.
void add_serve_config_options(CLI::App& command, ServeConfigArgs& args, ConfigCommand reader,
                              KeyValues command_defaults = {});

}  // namespace gt3::service
