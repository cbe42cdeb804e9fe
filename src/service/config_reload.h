// config_reload: which keys a running `serve` changes on SIGHUP, and what a reload makes of the
// configuration it has just read (docs/operations.md, "Reload").
//
// Live keys (live_keys()): offline.secret, offline.previous_secrets, server.admin_token,
// server.previous_admin_tokens, server.trusted_proxies, server.access_log and log.level: what a
// rotation needs, and what an operator turns on to look into a problem. Every other key needs a
// restart (the listener, the threads, Redis, the GeeTest account, the probes, the offline policy
// and its limits, the pages): a reload whose configuration changes one of them is refused as a
// whole, naming each such key, and the running configuration stays as it was.
//
// Pure functions; thread-safe. No secret's value ever appears in what they return.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gt3/result.h"
#include "service/config.h"

namespace gt3::service {

// The live keys, in the order of config_keys().
const std::vector<std::string_view>& live_keys();
bool is_live_key(std::string_view dotted);

// The keys whose values differ between the two, in the order of config_keys(). Secrets are
// compared by value (the password inside store.redis_url too).
std::vector<std::string> changed_keys(const ServiceConfig& before, const ServiceConfig& after);

struct ReloadPlan {
  ServiceConfig next;                // what the service runs from now on
  std::vector<std::string> changed;  // live keys only
};

// What a reload of a service running `running` does with `loaded`, a configuration that loaded
// (was valid). While offline.secret stays unset, the random secret of this process is kept, or
// every offline challenge it handed out would die. Error (Reason::kBadConfig): a key that needs a
// restart changed; the message names every such key and says to restart.
Result<ReloadPlan> plan_reload(const ServiceConfig& running, ServiceConfig loaded);

}  // namespace gt3::service
