#include "http/listen_address.h"

#include <gtest/gtest.h>

#include <string>

namespace gt3::http {
namespace {

namespace ip = boost::asio::ip;

TEST(ListenAddress, IPv4IPv6LocalhostAndEveryAddress) {
  EXPECT_EQ(*parse_listen_address("127.0.0.1:8080"),
            ip::tcp::endpoint(ip::make_address("127.0.0.1"), 8080));
  EXPECT_EQ(*parse_listen_address("[::1]:0"), ip::tcp::endpoint(ip::make_address("::1"), 0));
  EXPECT_EQ(*parse_listen_address("localhost:9"),
            ip::tcp::endpoint(ip::make_address("127.0.0.1"), 9));
  EXPECT_EQ(*parse_listen_address(":8080"), ip::tcp::endpoint(ip::address_v6::any(), 8080));
  EXPECT_EQ(*parse_listen_address("*:8080"), ip::tcp::endpoint(ip::address_v6::any(), 8080));
}

TEST(ListenAddress, EachMistakeIsNamedWithTheFormToWrite) {
  for (const auto& [text, why] :
       {std::pair{"127.0.0.1", "has no port"},
        std::pair{"::1:80", "needs [] around an IPv6 address"},
        std::pair{"[::1]80", "has no closing ']'"},
        std::pair{"127.0.0.1:65536", "has no valid port"},
        std::pair{"127.0.0.1:http", "has no valid port"},
        std::pair{"256.1.1.1:80", "does not start with an IP address"},
        std::pair{"example.com:80", "does not start with an IP address"}}) {
    const auto parsed = parse_listen_address(text);
    ASSERT_FALSE(parsed) << text;
    EXPECT_EQ(parsed.error().reason, Reason::kBadConfig);
    EXPECT_TRUE(parsed.error().detail.starts_with(why)) << text << ": " << parsed.error().detail;
    EXPECT_NE(parsed.error().detail.find("write host:port"), std::string::npos);
  }
}

}  // namespace
}  // namespace gt3::http
