#include "engine/engine_options.h"

#include <utility>

namespace gt3::engine {

bypass::CheckerOptions checker_options(const ProbeOptions& probe) {
  bypass::CheckerOptions checker;
  checker.interval = probe.interval;
  checker.timeout = probe.timeout;
  checker.jitter = probe.jitter;
  checker.thresholds.unhealthy = probe.unhealthy_threshold;
  checker.thresholds.healthy = probe.healthy_threshold;
  return checker;
}

Result<bypass::RedisStoreOptions> parse_redis_options(const RedisOptions& redis) {
  auto url = redis::RedisUrl::parse(redis.url);
  if (!url) return url.error();
  bypass::RedisStoreOptions store;
  store.url = *std::move(url);
  if (!redis.password.empty()) store.url.password = std::string(redis.password.reveal());
  store.status_key = redis.status_key;
  store.override_key = redis.override_key;
  store.lease_key = redis.lease_key;
  store.channel = redis.channel;
  store.lease_ttl = redis.lease;
  return store;
}

StatusKeeperSettings keeper_settings(const BypassOptions& options,
                                     std::optional<bypass::RedisStoreOptions> redis) {
  StatusKeeperSettings settings;
  settings.captcha_id = options.geetest.captcha_id;
  settings.bypass_url = options.bypass_url;
  settings.instant = options.mode == BypassMode::kInstant;
  settings.checker = checker_options(options.probe);
  settings.instant_cache = options.instant_cache;
  settings.redis = std::move(redis);
  return settings;
}

CaptchaOptions gate_options(const BypassOptions& options) {
  CaptchaOptions gate;
  gate.policy = options.offline.policy;
  gate.pow_difficulty = options.offline.pow_difficulty;
  gate.challenge_ttl = options.offline.challenge_ttl;
  gate.accept_issued_when_unreachable =
      options.offline.online_fallback == OnlineFallback::kIssued;
  gate.failback = options.mode == BypassMode::kFailback;
  return gate;
}

}  // namespace gt3::engine
