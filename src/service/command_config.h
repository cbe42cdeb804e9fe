// The configuration a long-running command (serve, demo, monitor: sources.command) starts with,
// or the exit code it ends with at once:
//   2 after printing the error, which names the key, its source and value;
//   0 after printing the effective configuration for --print-config;
//   2 after printing it for --print-config when a required key is missing (shown as
//     `<missing: required>`, and named on stderr), so that a script notices.
#pragma once

#include <variant>

#include "service/config_loader.h"

namespace gt3::service {

std::variant<ServiceConfig, int> config_or_exit(const ConfigSources& sources, bool print_config);

}  // namespace gt3::service
