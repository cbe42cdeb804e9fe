#include "service/command_config.h"

#include <iostream>

#include "service/print_config.h"

namespace gt3::service {

std::variant<ServiceConfig, int> config_or_exit(std::string_view command,
                                                const ConfigSources& sources, bool print_config) {
  auto config = load_config(sources);
  if (!config) {
    std::cerr << "gt3-bypass " << command << ": " << config.error().detail << "\n";
    return 2;
  }
  if (print_config) {
    std::cout << gt3::service::print_config(*config);
    return 0;
  }
  return std::move(*config);
}

}  // namespace gt3::service
