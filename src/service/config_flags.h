// The configuration on the command line: one flag --<section>.<key> per key of config_keys(),
// collected as typed, for load_config to validate with the other sources (flags win).
//
// The flags take a value (--server.access_log=true, --server.trusted_proxies=10.0.0.0/8,::1);
// a flag given twice keeps both, in order, and the later one wins in load_config (the order
// between different keys is CLI11's, not the command line's). The help of
// each flag shows its default and its environment variable. The collecting vector must outlive
// the parse. Not thread-safe (CLI11 setup).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "service/config_loader.h"

namespace CLI {
class App;
}

namespace gt3::service {

void add_config_flags(CLI::App& command, std::vector<std::pair<std::string, std::string>>& out);

// What `serve` (and `demo`) read about their configuration from the command line.
struct ServeConfigArgs {
  std::optional<std::string> config_file;  // --config FILE, or GT3_CONFIG
  bool print_config = false;               // --print-config: print the effective config, exit
  std::vector<std::pair<std::string, std::string>> flags;

  // The file, the process environment and the flags, for load_config.
  ConfigSources sources() const;
};

// --config, --print-config and every --<section>.<key>, into `args` (which must outlive the parse).
void add_serve_config_options(CLI::App& command, ServeConfigArgs& args);

}  // namespace gt3::service
