#include "offline/client_key.h"

#include <gtest/gtest.h>

namespace gt3::offline {
namespace {

TEST(ClientKey, Ipv4IsTheWholeAddress) {
  EXPECT_EQ(client_key("203.0.113.7"), "203.0.113.7");
  EXPECT_NE(client_key("203.0.113.7"), client_key("203.0.113.8"));
  EXPECT_EQ(client_key("203.0.113.7", 32), "203.0.113.7");
}

TEST(ClientKey, Ipv4MappedIpv6IsTheSameKeyAsIpv4) {
  EXPECT_EQ(client_key("::ffff:203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(client_key("::ffff:203.0.113.7", 48), client_key("203.0.113.7", 48));
}

TEST(ClientKey, Ipv6IsItsSlash64ByDefault) {
  EXPECT_EQ(client_key("2001:db8:1:2:a:b:c:d"), "2001:db8:1:2::/64");
  EXPECT_EQ(client_key("2001:db8:1:2::1"), client_key("2001:db8:1:2:ffff:ffff:ffff:ffff"));
  EXPECT_NE(client_key("2001:db8:1:2::1"), client_key("2001:db8:1:3::1"));
}

TEST(ClientKey, ShorterPrefixGroupsWider) {
  EXPECT_EQ(client_key("2001:db8:1:2::1", 48), "2001:db8:1::/48");
  EXPECT_EQ(client_key("2001:db8:1:2::1", 48), client_key("2001:db8:1:ff00::1", 48));
  EXPECT_NE(client_key("2001:db8:1:2::1", 48), client_key("2001:db8:2:2::1", 48));
  EXPECT_EQ(client_key("2001:db8:1:2::1", 60), "2001:db8:1::/60");
}

TEST(ClientKey, Slash128IsTheWholeAddress) {
  EXPECT_EQ(client_key("2001:db8::1", 128), "2001:db8::1/128");
  EXPECT_NE(client_key("2001:db8::1", 128), client_key("2001:db8::2", 128));
}

TEST(ClientKey, SpellingsOfOneNetworkShareAKey) {
  EXPECT_EQ(client_key("2001:DB8:1:2:0:0:0:1"), client_key("2001:db8:1:2::7"));
}

TEST(ClientKey, ScopeOfALinkLocalAddressIsNotPartOfTheKey) {
  EXPECT_EQ(client_key("fe80::1%1"), "fe80::/64");
}

TEST(ClientKey, TextThatIsNotAnAddressIsItsOwnKey) {
  EXPECT_EQ(client_key("unix-socket"), "unix-socket");
  EXPECT_EQ(client_key(""), "");
  EXPECT_EQ(client_key("1.2.3"), "1.2.3");
}

}  // namespace
}  // namespace gt3::offline
