// The configuration a long-running command (serve, monitor, demo) starts with, or the exit code
// it ends with at once: 2 after printing the error (which names the key, its source and value),
// 0 after printing the effective configuration for --print-config.
#pragma once

#include <string_view>
#include <variant>

#include "service/config_loader.h"

namespace gt3::service {

std::variant<ServiceConfig, int> config_or_exit(std::string_view command,
                                                const ConfigSources& sources, bool print_config);

}  // namespace gt3::service
