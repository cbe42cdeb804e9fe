// The names of the public option enums, and check_options (gt3/bypass_options.h).
#include "gt3/bypass_options.h"

#include <utility>

#include "engine/engine_options.h"
#include "http/url_target.h"
#include "offline/signed_challenge.h"
#include "sdk/enum_names.h"
#include "sdk/text.h"

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
  if (const auto url = redis::RedisUrl::parse(redis.url); !url) {
    return problem("redis.url", "is not usable: " + url.error().detail);
  }
  for (const auto& [field, value] :
       {std::pair{"redis.status_key", &redis.status_key},
        std::pair{"redis.override_key", &redis.override_key},
        std::pair{"redis.lease_key", &redis.lease_key}, std::pair{"redis.channel", &redis.channel}}) {
    if (!printable_without_spaces(*value)) return problem(field, "must not be empty or hold spaces");
  }
  // The lease holder renews it every refresh; a lease shorter than two of those would lapse.
  const auto shortest = 2 * bypass::RedisStoreOptions{}.refresh_interval;
  if (redis.lease < shortest) {
    return problem("redis.lease", "= " + std::to_string(redis.lease.count()) +
                                      " ms must be at least " + std::to_string(shortest.count()) +
                                      " ms: the poller renews its lease every " +
                                      std::to_string(shortest.count() / 2) + " ms");
  }
  return std::nullopt;
}

std::optional<OptionProblem> check_offline(const OfflineOptions& offline) {
  if (offline.secret.reveal().size() < 16) {
    return problem("offline.secret", "must have at least 16 bytes (a fleet shares one)");
  }
  if (auto p =
          offline::ChallengeSigner::secrets_problem(offline.secret, offline.previous_secrets)) {
    return problem("offline.previous_secrets", "cannot be used: " + *p);
  }
  if (auto p = outside("offline.challenge_ttl", offline.challenge_ttl.count(), 10, 3600)) return p;
  if (auto p = outside("offline.pow_difficulty", offline.pow_difficulty, 1, 32)) return p;
  if (auto p = outside("offline.rate_limit_per_minute", offline.rate_limit_per_minute.value_or(0),
                       0, 100000)) {
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

int rate_limit_per_minute(const OfflineOptions& offline) {
  return offline.rate_limit_per_minute.value_or(offline.policy == OfflinePolicy::kPow ? kPowRateLimitPerMinute : 0);
}

std::optional<OptionProblem> check_options(const BypassOptions& options) {
  if (!printable_without_spaces(options.geetest.captcha_id)) {
    return problem("geetest.captcha_id",
                   "must be the captcha id from the GeeTest console: not empty, no spaces");
  }
  if (!printable_without_spaces(options.geetest.private_key.reveal())) {
    return problem("geetest.private_key",
                   "must be the private key from the GeeTest console: not empty, no spaces");
  }
  if (const auto url = http::base_url_problem(options.geetest.api_url)) {
    return problem("geetest.api_url", *url);
  }
  if (options.geetest.timeout.count() <= 0) return problem("geetest.timeout", "must be positive");
  if (options.mode != BypassMode::kFailback) {
    if (const auto url = http::base_url_problem(options.bypass_url)) {
      return problem("bypass_url", *url);
    }
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
