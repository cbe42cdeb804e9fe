#include "service/config.h"

#include <array>
#include <utility>

namespace gt3::service {
namespace {

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum e) {
  for (const auto& [value, name] : names) {
    if (value == e) return name;
  }
  return "?";
}

template <class Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::pair<Enum, std::string_view>, N>& names,
                               std::string_view text) {
  for (const auto& [value, name] : names) {
    if (name == text) return value;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<BypassMode, std::string_view>, 3> kBypassModes{{
    {BypassMode::kPoll, "poll"},
    {BypassMode::kInstant, "instant"},
    {BypassMode::kFailback, "failback"},
}};

constexpr std::array<std::pair<StoreKind, std::string_view>, 2> kStoreKinds{{
    {StoreKind::kMemory, "memory"},
    {StoreKind::kRedis, "redis"},
}};

constexpr std::array<std::pair<OnlineFallback, std::string_view>, 2> kOnlineFallbacks{{
    {OnlineFallback::kIssued, "issued"},
    {OnlineFallback::kReject, "reject"},
}};

constexpr std::array<std::pair<LogLevel, std::string_view>, 6> kLogLevels{{
    {LogLevel::kTrace, "trace"},
    {LogLevel::kDebug, "debug"},
    {LogLevel::kInfo, "info"},
    {LogLevel::kWarn, "warn"},
    {LogLevel::kError, "error"},
    {LogLevel::kOff, "off"},
}};

}  // namespace

std::string_view bypass_mode_name(BypassMode mode) { return name_of(kBypassModes, mode); }
std::optional<BypassMode> parse_bypass_mode(std::string_view name) {
  return parse_name(kBypassModes, name);
}

std::string_view store_kind_name(StoreKind kind) { return name_of(kStoreKinds, kind); }
std::optional<StoreKind> parse_store_kind(std::string_view name) {
  return parse_name(kStoreKinds, name);
}

std::string_view online_fallback_name(OnlineFallback fallback) {
  return name_of(kOnlineFallbacks, fallback);
}
std::optional<OnlineFallback> parse_online_fallback(std::string_view name) {
  return parse_name(kOnlineFallbacks, name);
}

std::string_view log_level_name(LogLevel level) { return name_of(kLogLevels, level); }
std::optional<LogLevel> parse_log_level(std::string_view name) {
  return parse_name(kLogLevels, name);
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
