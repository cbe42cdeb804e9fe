// ConfigReloader: what SIGHUP does to a running `serve` (docs/operations.md, "Reload"). It reads
// the configuration again from the sources of the start (the file again; the environment and the
// command-line flags as they were, so a flag still beats the file), prepares it as the start did,
// has the service apply it (Service::reload: every live key that changed at once, or nothing),
// then sets log.level. One log line per reload: the keys that changed, or why nothing did (the
// file's error, or the keys that need a restart), never a secret's value.
//
// Not thread-safe: one thread calls reload() (serve's main thread, from StopSignals::wait). The
// service must outlive it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "gt3/result.h"
#include "service/config_loader.h"
#include "service/service.h"

namespace gt3::service {

class ConfigReloader {
 public:
  // Adjusts a configuration just loaded as the start did (serve: the descriptor budget).
  using Prepare = std::function<void(ServiceConfig&)>;

  ConfigReloader(ConfigSources sources, Service& service, Prepare prepare = {});

  // The keys that changed (maybe none), or the Error that kept the running configuration.
  Result<std::vector<std::string>> reload();

 private:
  ConfigSources sources_;
  Service& service_;
  Prepare prepare_;
};

}  // namespace gt3::service
