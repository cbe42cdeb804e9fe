#include "redis/redis_url.h"

#include <gtest/gtest.h>

namespace gt3::redis {
namespace {

TEST(RedisUrl, HostAloneTakesTheDefaultPortAndDatabase) {
  auto url = RedisUrl::parse("redis://cache.internal");
  ASSERT_TRUE(url) << url.error().detail;
  EXPECT_EQ(url->host, "cache.internal");
  EXPECT_EQ(url->port, 6379);
  EXPECT_EQ(url->db, 0);
  EXPECT_EQ(url->password, "");
}

TEST(RedisUrl, ReadsHostPortAndDatabase) {
  auto url = RedisUrl::parse("redis://10.0.0.7:6380/3");
  ASSERT_TRUE(url) << url.error().detail;
  EXPECT_EQ(url->host, "10.0.0.7");
  EXPECT_EQ(url->port, 6380);
  EXPECT_EQ(url->db, 3);
}

TEST(RedisUrl, TheDocumentedDefaultParsesToTheDefaults) {
  auto url = RedisUrl::parse("redis://127.0.0.1:6379/0");
  ASSERT_TRUE(url) << url.error().detail;
  EXPECT_EQ(url->host, RedisUrl{}.host);
  EXPECT_EQ(url->port, RedisUrl{}.port);
  EXPECT_EQ(url->db, RedisUrl{}.db);
}

TEST(RedisUrl, ASlashAloneIsDatabaseZero) {
  auto url = RedisUrl::parse("redis://localhost/");
  ASSERT_TRUE(url) << url.error().detail;
  EXPECT_EQ(url->db, 0);
}

TEST(RedisUrl, ReadsAPercentEncodedPassword) {
  auto url = RedisUrl::parse("redis://:s3cr%40t@localhost:7000/1");
  ASSERT_TRUE(url) << url.error().detail;
  EXPECT_EQ(url->password, "s3cr@t");
  EXPECT_EQ(url->host, "localhost");
  EXPECT_EQ(url->port, 7000);
  EXPECT_EQ(url->db, 1);
}

TEST(RedisUrl, ReadsAnIpv6Literal) {
  auto url = RedisUrl::parse("redis://[::1]:6390");
  ASSERT_TRUE(url) << url.error().detail;
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 6390);
}

void expect_error_naming(std::string_view text, std::string_view named) {
  auto url = RedisUrl::parse(text);
  ASSERT_FALSE(url) << text;
  EXPECT_NE(url.error().detail.find(named), std::string::npos)
      << text << " -> " << url.error().detail;
}

TEST(RedisUrl, RejectsAnotherScheme) {
  expect_error_naming("http://localhost:6379", "scheme must be redis");
  expect_error_naming("rediss://localhost:6379", "scheme must be redis");
}

TEST(RedisUrl, RejectsSomethingThatIsNotAUrl) {
  expect_error_naming("localhost:6379", "redis");
  expect_error_naming("", "not an absolute URI");
}

TEST(RedisUrl, RejectsABadPort) {
  expect_error_naming("redis://localhost:0", "port");
  expect_error_naming("redis://localhost:65536", "port");
  expect_error_naming("redis://localhost:70000", "port");
}

TEST(RedisUrl, RejectsABadDatabase) {
  expect_error_naming("redis://localhost/x", "database");
  expect_error_naming("redis://localhost/-1", "database");
  expect_error_naming("redis://localhost/1/2", "database");
}

TEST(RedisUrl, RejectsAMissingHostAUserNameAndAQuery) {
  expect_error_naming("redis://:pw@/0", "no host");
  expect_error_naming("redis://admin:pw@localhost", "user name");
  expect_error_naming("redis://localhost?db=1", "query");
}

TEST(RedisUrl, ErrorsNeverContainThePassword) {
  for (std::string_view text :
       {"redis://:hunter2secret@localhost:99999", "redis://:hunter2secret@localhost/abc",
        "redis://:hunter2secret@localhost?x=1", "http://:hunter2secret@localhost",
        "redis://:hunter2secret@"}) {
    auto url = RedisUrl::parse(text);
    ASSERT_FALSE(url) << "should be rejected";
    EXPECT_EQ(url.error().detail.find("hunter2secret"), std::string::npos) << url.error().detail;
  }
}

}  // namespace
}  // namespace gt3::redis
