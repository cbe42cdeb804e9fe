#include "service/config.h"

#include <gtest/gtest.h>

#include "engine/engine_options.h"

namespace gt3::service {
namespace {

TEST(ConfigEnums, NamesParseBack) {
  for (auto k : {StoreKind::kMemory, StoreKind::kRedis}) {
    EXPECT_EQ(parse_store_kind(store_kind_name(k)), k);
  }
  for (auto l : {LogLevel::kTrace, LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn,
                 LogLevel::kError, LogLevel::kOff}) {
    EXPECT_EQ(parse_log_level(log_level_name(l)), l);
  }
  for (auto w : {OnlineWidget::kAuto, OnlineWidget::kGtJs, OnlineWidget::kGt3Widget}) {
    EXPECT_EQ(parse_online_widget(online_widget_name(w)), w);
  }
  for (auto f : {LogFormat::kText, LogFormat::kJson}) {
    EXPECT_EQ(parse_log_format(log_format_name(f)), f);
  }
}

TEST(ConfigEnums, NamesAreTheDocumentedOnes) {
  EXPECT_EQ(store_kind_name(StoreKind::kRedis), "redis");
  EXPECT_EQ(log_level_name(LogLevel::kWarn), "warn");
}

TEST(ConfigEnums, UnknownAndMiscasedNamesDoNotParse) {
  EXPECT_EQ(parse_store_kind(""), std::nullopt);
  EXPECT_EQ(parse_log_level("warning"), std::nullopt);
}

TEST(StoreSettings, RedisOptionsPutThePasswordBackAndKeepTheNames) {
  StoreSettings store;
  store.redis_url.host = "redis.internal";
  store.redis_url.port = 6380;
  store.redis_url.db = 2;
  store.redis_password = Secret("hunter2");
  store.status_key = "s";
  store.lease = std::chrono::milliseconds(9000);
  const bypass::RedisStoreOptions options = store.redis_options();
  EXPECT_EQ(options.url.host, "redis.internal");
  EXPECT_EQ(options.url.port, 6380);
  EXPECT_EQ(options.url.db, 2);
  EXPECT_EQ(options.url.password, "hunter2");
  EXPECT_EQ(options.status_key, "s");
  EXPECT_EQ(options.override_key, "gt3_bypass_override");
  EXPECT_EQ(options.lease_ttl, std::chrono::milliseconds(9000));
  EXPECT_TRUE(options.check().has_value());
}

// The engine is built from BypassOptions: the program's defaults must be the facade's defaults,
// and every setting must reach it (the Redis URL and password as the store will use them).
TEST(BypassOptionsFromConfig, TheDefaultsAreTheFacadesDefaults) {
  ServiceConfig config;
  const BypassOptions mapped = bypass_options(config);
  const BypassOptions defaults;
  EXPECT_EQ(mapped.bypass_url, defaults.bypass_url);
  EXPECT_EQ(mapped.mode, defaults.mode);
  EXPECT_EQ(mapped.probe.interval, defaults.probe.interval);
  EXPECT_EQ(mapped.probe.timeout, defaults.probe.timeout);
  EXPECT_EQ(mapped.probe.jitter, defaults.probe.jitter);
  EXPECT_EQ(mapped.probe.unhealthy_threshold, defaults.probe.unhealthy_threshold);
  EXPECT_EQ(mapped.probe.healthy_threshold, defaults.probe.healthy_threshold);
  EXPECT_EQ(mapped.instant_cache, defaults.instant_cache);
  EXPECT_FALSE(mapped.redis.has_value());
  EXPECT_EQ(mapped.offline.policy, defaults.offline.policy);
  EXPECT_EQ(mapped.offline.challenge_ttl, defaults.offline.challenge_ttl);
  EXPECT_EQ(mapped.offline.pow_difficulty, defaults.offline.pow_difficulty);
  EXPECT_EQ(mapped.offline.online_fallback, defaults.offline.online_fallback);
  EXPECT_EQ(rate_limit_per_minute(mapped.offline), rate_limit_per_minute(defaults.offline));
  EXPECT_EQ(mapped.offline.rate_limit_burst, defaults.offline.rate_limit_burst);
  EXPECT_EQ(mapped.offline.rate_limit_ipv6_prefix, defaults.offline.rate_limit_ipv6_prefix);
  EXPECT_EQ(mapped.offline.rate_limit_max_clients, defaults.offline.rate_limit_max_clients);
  EXPECT_EQ(mapped.offline.ledger_max_entries, defaults.offline.ledger_max_entries);
}

TEST(BypassOptionsFromConfig, ARedisStoreReachesTheEngineAsTheStoreWouldUseIt) {
  ServiceConfig config;
  config.store.kind = StoreKind::kRedis;
  config.store.redis_url.host = "::1";
  config.store.redis_url.port = 6380;
  config.store.redis_url.db = 3;
  config.store.redis_password = Secret("hunter2");
  config.store.lease_key = "lease";
  const BypassOptions mapped = bypass_options(config);
  ASSERT_TRUE(mapped.redis.has_value());
  EXPECT_EQ(mapped.redis->url.find("hunter2"), std::string::npos);
  const auto store = engine::parse_redis_options(*mapped.redis);
  ASSERT_TRUE(store.has_value()) << store.error().detail;
  EXPECT_EQ(store->url.host, "::1");
  EXPECT_EQ(store->url.port, 6380);
  EXPECT_EQ(store->url.db, 3);
  EXPECT_EQ(store->url.password, "hunter2");
  EXPECT_EQ(store->lease_key, "lease");
}

}  // namespace
}  // namespace gt3::service
