#include "service/config.h"

#include <utility>

#include "sdk/enum_names.h"

namespace gt3::service {
namespace {

constexpr EnumNames<StoreKind, 2> kStoreKinds{{
    {StoreKind::kMemory, "memory"},
    {StoreKind::kRedis, "redis"},
}};

constexpr EnumNames<LogLevel, 6> kLogLevels{{
    {LogLevel::kTrace, "trace"},
    {LogLevel::kDebug, "debug"},
    {LogLevel::kInfo, "info"},
    {LogLevel::kWarn, "warn"},
    {LogLevel::kError, "error"},
    {LogLevel::kOff, "off"},
}};

constexpr EnumNames<OnlineWidget, 3> kOnlineWidgets{{
    {OnlineWidget::kAuto, "auto"},
    {OnlineWidget::kGtJs, "gt.js"},
    {OnlineWidget::kGt3Widget, "gt3-widget"},
}};

constexpr EnumNames<LogFormat, 2> kLogFormats{{
    {LogFormat::kText, "text"},
    {LogFormat::kJson, "json"},
}};

}  // namespace

std::string_view store_kind_name(StoreKind kind) { return name_of(kStoreKinds, kind); }
std::optional<StoreKind> parse_store_kind(std::string_view name) {
  return parse_name(kStoreKinds, name);
}

std::string_view log_level_name(LogLevel level) { return name_of(kLogLevels, level); }
std::optional<LogLevel> parse_log_level(std::string_view name) {
  return parse_name(kLogLevels, name);
}

std::string_view online_widget_name(OnlineWidget widget) { return name_of(kOnlineWidgets, widget); }
std::optional<OnlineWidget> parse_online_widget(std::string_view name) {
  return parse_name(kOnlineWidgets, name);
}

std::string_view log_format_name(LogFormat format) { return name_of(kLogFormats, format); }
std::optional<LogFormat> parse_log_format(std::string_view name) {
  return parse_name(kLogFormats, name);
}

BypassOptions bypass_options(const ServiceConfig& config) {
  BypassOptions options;
  options.geetest = config.geetest.client;
  options.bypass_url = config.geetest.bypass_url;
  options.mode = config.bypass.mode;
  const bypass::CheckerOptions& checker = config.bypass.checker;
  options.probe = ProbeOptions{checker.interval, checker.timeout, checker.jitter,
                               checker.thresholds.unhealthy, checker.thresholds.healthy};
  options.instant_cache = config.bypass.instant_cache;
  if (config.store.kind == StoreKind::kRedis) {
    const redis::RedisUrl& url = config.store.redis_url;
    const bool ipv6 = url.host.find(':') != std::string::npos;
    RedisOptions redis;
    redis.url = "redis://" + (ipv6 ? "[" + url.host + "]" : url.host) + ":" +
                std::to_string(url.port) + "/" + std::to_string(url.db);
    redis.password = config.store.redis_password;
    redis.status_key = config.store.status_key;
    redis.override_key = config.store.override_key;
    redis.lease_key = config.store.lease_key;
    redis.channel = config.store.channel;
    redis.lease = config.store.lease;
    options.redis = std::move(redis);
  }
  const OfflineSettings& offline = config.offline;
  options.offline = OfflineOptions{offline.policy,
                                   offline.secret,
                                   offline.challenge_ttl,
                                   offline.pow_difficulty,
                                   offline.online_fallback,
                                   offline.rate_limit_per_minute,
                                   offline.rate_limit_burst,
                                   offline.rate_limit_ipv6_prefix,
                                   offline.rate_limit_max_clients,
                                   offline.ledger_max_entries,
                                   offline.previous_secrets};
  return options;
}

bypass::RedisStoreOptions StoreSettings::redis_options() const {
  bypass::RedisStoreOptions options;
  options.url = redis_url;
  options.url.password = std::string(redis_password.reveal());
  options.status_key = status_key;
  options.override_key = override_key;
  options.lease_key = lease_key;
  options.channel = channel;
  options.lease_ttl = lease;
  return options;
}

}  // namespace gt3::service
