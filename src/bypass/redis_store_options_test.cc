// RedisStoreOptions::check and what the store does with its options at construction.
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>

#include "bypass/redis_status_store.h"

namespace gt3::bypass {
namespace {

TEST(RedisStoreOptions, RejectsARefreshIntervalAboveHalfTheLeaseTtl) {
  RedisStoreOptions options;
  options.lease_ttl = std::chrono::milliseconds(1000);
  options.refresh_interval = std::chrono::milliseconds(600);
  auto checked = options.check();
  ASSERT_FALSE(checked);
  EXPECT_NE(checked.error().detail.find("refresh_interval"), std::string::npos);
  EXPECT_THROW(RedisStatusStore{options}, std::invalid_argument);
  options.refresh_interval = std::chrono::milliseconds(500);
  EXPECT_TRUE(options.check());
}

TEST(RedisStoreOptions, DefaultsAreValidAndTheInstanceIdIsRandomHex) {
  EXPECT_TRUE(RedisStoreOptions{}.check());
  RedisStatusStore a{RedisStoreOptions{}};
  RedisStatusStore b{RedisStoreOptions{}};
  EXPECT_EQ(a.instance_id().size(), 16u);
  EXPECT_EQ(a.instance_id().find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a.instance_id(), b.instance_id());
}

}  // namespace
}  // namespace gt3::bypass
