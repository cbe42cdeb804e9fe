// LiveSettings: what the requests of `serve` read from the configuration that a reload may change
// while they run (docs/operations.md, "Reload"): the proxies whose X-Forwarded-For is believed,
// the tokens /admin accepts, and whether each request is logged. The offline secrets are the
// engine's (CaptchaEngine::set_offline_secrets) and log.level is spdlog's.
//
// Held in a LiveSnapshot (sdk/live_snapshot.h): read on every request without a lock, replaced
// whole by a reload, so a request sees the old settings or the new ones, never a mix. A value
// type that owns what it holds.
#pragma once

#include <vector>

#include "gt3/secret.h"
#include "service/config.h"
#include "service/trusted_proxies.h"

namespace gt3::service {

struct LiveSettings {
  TrustedProxies trusted_proxies;
  // server.admin_token, then server.previous_admin_tokens; empty: /admin is disabled.
  std::vector<Secret> admin_tokens;
  bool access_log = false;

  static LiveSettings of(const ServiceConfig& config) {
    LiveSettings live{config.server.trusted_proxies, {}, config.server.access_log};
    if (!config.server.admin_token.empty()) {
      live.admin_tokens.push_back(config.server.admin_token);
      live.admin_tokens.insert(live.admin_tokens.end(), config.server.previous_admin_tokens.begin(),
                               config.server.previous_admin_tokens.end());
    }
    return live;
  }
};

}  // namespace gt3::service
