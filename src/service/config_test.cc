#include "service/config.h"

#include <gtest/gtest.h>

namespace gt3::service {
namespace {

TEST(ConfigEnums, NamesParseBack) {
  for (auto m : {BypassMode::kPoll, BypassMode::kInstant, BypassMode::kFailback}) {
    EXPECT_EQ(parse_bypass_mode(bypass_mode_name(m)), m);
  }
  for (auto k : {StoreKind::kMemory, StoreKind::kRedis}) {
    EXPECT_EQ(parse_store_kind(store_kind_name(k)), k);
  }
  for (auto f : {OnlineFallback::kIssued, OnlineFallback::kReject}) {
    EXPECT_EQ(parse_online_fallback(online_fallback_name(f)), f);
  }
  for (auto l : {LogLevel::kTrace, LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn,
                 LogLevel::kError, LogLevel::kOff}) {
    EXPECT_EQ(parse_log_level(log_level_name(l)), l);
  }
}

TEST(ConfigEnums, NamesAreTheDocumentedOnes) {
  EXPECT_EQ(bypass_mode_name(BypassMode::kFailback), "failback");
  EXPECT_EQ(store_kind_name(StoreKind::kRedis), "redis");
  EXPECT_EQ(online_fallback_name(OnlineFallback::kIssued), "issued");
  EXPECT_EQ(log_level_name(LogLevel::kWarn), "warn");
}

TEST(ConfigEnums, UnknownAndMiscasedNamesDoNotParse) {
  EXPECT_EQ(parse_bypass_mode("Poll"), std::nullopt);
  EXPECT_EQ(parse_store_kind(""), std::nullopt);
  EXPECT_EQ(parse_online_fallback("accept"), std::nullopt);
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

}  // namespace
}  // namespace gt3::service
