#include "http/connection_pool.h"

#include <gtest/gtest.h>

namespace gt3::http {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct FakeConnection {
  int id = 0;
  bool open = true;
};

using Pool = ConnectionPool<FakeConnection>;

std::unique_ptr<FakeConnection> connection(int id) {
  return std::make_unique<FakeConnection>(FakeConnection{id});
}

const Clock::time_point kT0 = Clock::time_point{} + 1h;
const std::string kKey = "http://127.0.0.1:80";

TEST(ConnectionPool, HandsOutNothingForAnUnknownKey) {
  Pool pool(4, 30s);
  EXPECT_EQ(pool.checkout(kKey, kT0), nullptr);
}

TEST(ConnectionPool, ReturnsTheMostRecentlyCheckedInConnectionFirst) {
  Pool pool(4, 30s);
  ASSERT_TRUE(pool.checkin(kKey, connection(1), kT0));
  ASSERT_TRUE(pool.checkin(kKey, connection(2), kT0 + 1s));
  EXPECT_EQ(pool.checkout(kKey, kT0 + 2s)->id, 2);
  EXPECT_EQ(pool.checkout(kKey, kT0 + 2s)->id, 1);
  EXPECT_EQ(pool.checkout(kKey, kT0 + 2s), nullptr);
}

TEST(ConnectionPool, KeepsKeysApart) {
  Pool pool(4, 30s);
  ASSERT_TRUE(pool.checkin("https://127.0.0.1:80", connection(1), kT0));
  EXPECT_EQ(pool.checkout(kKey, kT0), nullptr);
  EXPECT_EQ(pool.idle("https://127.0.0.1:80"), 1u);
}

TEST(ConnectionPool, DropsConnectionsIdleForIdleTimeout) {
  Pool pool(4, 30s);
  ASSERT_TRUE(pool.checkin(kKey, connection(1), kT0));
  EXPECT_EQ(pool.checkout(kKey, kT0 + 30s), nullptr);
  EXPECT_EQ(pool.idle(kKey), 0u);
}

TEST(ConnectionPool, BoundsIdleConnectionsPerKey) {
  Pool pool(2, 30s);
  EXPECT_TRUE(pool.checkin(kKey, connection(1), kT0));
  EXPECT_TRUE(pool.checkin(kKey, connection(2), kT0));
  EXPECT_FALSE(pool.checkin(kKey, connection(3), kT0));
  EXPECT_EQ(pool.idle(kKey), 2u);
}

TEST(ConnectionPool, ExpiredConnectionsMakeRoomOnCheckin) {
  Pool pool(1, 30s);
  EXPECT_TRUE(pool.checkin(kKey, connection(1), kT0));
  EXPECT_TRUE(pool.checkin(kKey, connection(2), kT0 + 31s));
  EXPECT_EQ(pool.checkout(kKey, kT0 + 32s)->id, 2);
}

TEST(ConnectionPool, SkipsConnectionsThatAreNoLongerUsable) {
  Pool pool(4, 30s, [](FakeConnection& c) { return c.open; });
  ASSERT_TRUE(pool.checkin(kKey, connection(1), kT0));
  auto closed = connection(2);
  closed->open = false;
  ASSERT_TRUE(pool.checkin(kKey, std::move(closed), kT0));
  EXPECT_EQ(pool.checkout(kKey, kT0)->id, 1);
  EXPECT_EQ(pool.idle(kKey), 0u);
}

TEST(ConnectionPool, KeepsNothingAfterClose) {
  Pool pool(4, 30s);
  ASSERT_TRUE(pool.checkin(kKey, connection(1), kT0));
  pool.close();
  EXPECT_EQ(pool.checkout(kKey, kT0), nullptr);
  EXPECT_FALSE(pool.checkin(kKey, connection(2), kT0));
}

TEST(ConnectionPool, ZeroMaxIdleKeepsNothing) {
  Pool pool(0, 30s);
  EXPECT_FALSE(pool.checkin(kKey, connection(1), kT0));
}

}  // namespace
}  // namespace gt3::http
