// The names of the public option enums, and check_options (gt3/bypass_options.h).
#include "gt3/bypass_options.h"

#include <utility>

#include "engine/engine_options.h"
#include "sdk/enum_names.h"

namespace gt3 {
namespace {

constexpr EnumNames<BypassMode, 3> kBypassModes{{
    {BypassMode::kPoll, "poll"},
    {BypassMode::kInstant, "instant"},
    {BypassMode::kFailback, "failback"},
}};

constexpr EnumNames<OfflinePolicy, 4> kPolicies{{
    {OfflinePolicy::kCompat, "compat"},
    {OfflinePolicy::kPow, "pow"},
    {OfflinePolicy::kNone, "none"},
    {OfflinePolicy::kDeny, "deny"},
}};

constexpr EnumNames<OnlineFallback, 2> kFallbacks{{
    {OnlineFallback::kIssued, "issued"},
    {OnlineFallback::kReject, "reject"},
}};

std::string_view probe_field(bypass::CheckerField field) {
  switch (field) {
    case bypass::CheckerField::kInterval:
    case bypass::CheckerField::kEdgeInterval:
      return "probe.interval";
    case bypass::CheckerField::kTimeout:
      return "probe.timeout";
    case bypass::CheckerField::kJitter:
      return "probe.jitter";
    case bypass::CheckerField::kUnhealthyThreshold:
      return "probe.unhealthy_threshold";
    case bypass::CheckerField::kHealthyThreshold:
      return "probe.healthy_threshold";
  }
  return "probe";
}

bool is_http_url(std::string_view url) {
  return url.starts_with("http://") || url.starts_with("https://");
}

std::optional<OptionProblem> problem(std::string field, std::string_view rule) {
  std::string message = field + " " + std::string(rule);
  return OptionProblem{std::move(field), std::move(message)};
}

std::optional<OptionProblem> outside(std::string field, long long value, long long min,
                                     long long max) {
  if (value >= min && value <= max) return std::nullopt;
  return problem(std::move(field), "= " + std::to_string(value) + " must be from " +
                                       std::to_string(min) + " to " + std::to_string(max));
}

std::optional<OptionProblem> check_redis(const RedisOptions& redis) {
  const auto store = engine::parse_redis_options(redis);
  if (!store) return problem("redis.url", "is not usable: " + store.error().detail);
  for (const auto& [field, value] :
       {std::pair{"redis.status_key", &redis.status_key},
        std::pair{"redis.override_key", &redis.override_key},
        std::pair{"redis.lease_key", &redis.lease_key}, std::pair{"redis.channel", &redis.channel}}) {
    if (value->empty() || value->find_first_of(" \t\r\n") != std::string::npos) {
      return problem(field, "must not be empty or hold spaces");
    }
  }
  if (const auto checked = store->check(); !checked) {
    return problem("redis.lease", "cannot be used: " + checked.error().detail);
  }
  return std::nullopt;
}

std::optional<OptionProblem> check_offline(const OfflineOptions& offline) {
  if (offline.secret.reveal().size() < 16) {
    return problem("offline.secret", "must have at least 16 bytes (a fleet shares one)");
  }
  if (auto p = outside("offline.challenge_ttl", offline.challenge_ttl.count(), 10, 3600)) return p;
  if (auto p = outside("offline.pow_difficulty", offline.pow_difficulty, 1, 32)) return p;
  if (auto p = outside("offline.rate_limit_per_minute", offline.rate_limit_per_minute, 0, 100000)) {
    return p;
  }
  if (auto p = outside("offline.rate_limit_burst", offline.rate_limit_burst, 1, 10000)) return p;
  if (auto p = outside("offline.rate_limit_ipv6_prefix", offline.rate_limit_ipv6_prefix, 32, 128)) {
    return p;
  }
  if (auto p = outside("offline.rate_limit_max_clients", offline.rate_limit_max_clients, 16,
                       100'000'000)) {
    return p;
  }
  return outside("offline.ledger_max_entries", offline.ledger_max_entries, 64, 1'000'000'000);
}

}  // namespace

std::string_view bypass_mode_name(BypassMode mode) { return name_of(kBypassModes, mode); }
std::optional<BypassMode> parse_bypass_mode(std::string_view name) {
  return parse_name(kBypassModes, name);
}
std::string_view offline_policy_name(OfflinePolicy policy) { return name_of(kPolicies, policy); }
std::optional<OfflinePolicy> parse_offline_policy(std::string_view name) {
  return parse_name(kPolicies, name);
}
std::string_view online_fallback_name(OnlineFallback fallback) {
  return name_of(kFallbacks, fallback);
}
std::optional<OnlineFallback> parse_online_fallback(std::string_view name) {
  return parse_name(kFallbacks, name);
}

std::optional<OptionProblem> check_options(const BypassOptions& options) {
  if (options.geetest.captcha_id.empty()) return problem("geetest.captcha_id", "must be set");
  if (options.geetest.private_key.empty()) return problem("geetest.private_key", "must be set");
  if (!is_http_url(options.geetest.api_url)) {
    return problem("geetest.api_url", "must be an http:// or https:// URL");
  }
  if (options.geetest.timeout.count() <= 0) return problem("geetest.timeout", "must be positive");
  if (options.mode != BypassMode::kFailback && !is_http_url(options.bypass_url)) {
    return problem("bypass_url", "must be an http:// or https:// URL");
  }
  if (const auto checker = bypass::check_options(engine::checker_options(options.probe))) {
    return problem(std::string(probe_field(checker->field)), checker->rule);
  }
  if (options.instant_cache.count() < 0) return problem("instant_cache", "must not be negative");
  if (options.redis) {
    if (auto p = check_redis(*options.redis)) return p;
  }
  return check_offline(options.offline);
}

}  // namespace gt3
