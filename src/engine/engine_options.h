// How BypassOptions (public, plain) become the settings of the engine's parts. Pure functions;
// each expects options that passed check_options().
#pragma once

#include "bypass/health_checker.h"
#include "bypass/redis_status_store.h"
#include "engine/captcha_gate.h"
#include "engine/status_keeper.h"
#include "gt3/bypass_options.h"

namespace gt3::engine {

bypass::CheckerOptions checker_options(const ProbeOptions& probe);

// The URL parsed (its error when it cannot be), the password put in, the rest at the store's
// defaults.
Result<bypass::RedisStoreOptions> parse_redis_options(const RedisOptions& redis);

// `redis`: options.redis as parse_redis_options made it, nullopt for the memory store.
StatusKeeperSettings keeper_settings(const BypassOptions& options,
                                     std::optional<bypass::RedisStoreOptions> redis);
CaptchaOptions gate_options(const BypassOptions& options);

}  // namespace gt3::engine
