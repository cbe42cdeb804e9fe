#include "http/url_target.h"

#include <gtest/gtest.h>

namespace gt3::http {
namespace {

UrlTarget parse(std::string_view url) {
  auto parsed = parse_url_target(url);
  EXPECT_TRUE(parsed.has_value()) << url;
  return parsed.has_value() ? *parsed : UrlTarget{};
}

TEST(UrlTarget, HttpDefaultsToPort80AndKeepsTheQuery) {
  const UrlTarget t = parse("http://api.geetest.com/register.php?gt=abc&json_format=1");
  EXPECT_FALSE(t.tls);
  EXPECT_EQ(t.host, "api.geetest.com");
  EXPECT_EQ(t.port, "80");
  EXPECT_EQ(t.host_header, "api.geetest.com");
  EXPECT_EQ(t.target, "/register.php?gt=abc&json_format=1");
  EXPECT_EQ(t.pool_key(), "http://api.geetest.com:80");
}

TEST(UrlTarget, HttpsDefaultsToPort443) {
  const UrlTarget t = parse("https://api.geetest.com/validate.php");
  EXPECT_TRUE(t.tls);
  EXPECT_EQ(t.port, "443");
  EXPECT_EQ(t.pool_key(), "https://api.geetest.com:443");
}

TEST(UrlTarget, ExplicitPortIsKeptInTheHostHeader) {
  const UrlTarget t = parse("http://127.0.0.1:8080/x");
  EXPECT_EQ(t.host, "127.0.0.1");
  EXPECT_EQ(t.port, "8080");
  EXPECT_EQ(t.host_header, "127.0.0.1:8080");
  EXPECT_EQ(t.authority(), "127.0.0.1:8080");
}

TEST(UrlTarget, EmptyPathBecomesSlashAndTheFragmentIsDropped) {
  EXPECT_EQ(parse("http://example.com").target, "/");
  EXPECT_EQ(parse("http://example.com?a=1").target, "/?a=1");
  EXPECT_EQ(parse("http://example.com/p?a=1#frag").target, "/p?a=1");
}

TEST(UrlTarget, Ipv6LiteralHasNoBracketsForDnsButKeepsThemInTheHostHeader) {
  const UrlTarget t = parse("http://[::1]:9000/");
  EXPECT_EQ(t.host, "::1");
  EXPECT_EQ(t.host_header, "[::1]:9000");
  EXPECT_EQ(t.authority(), "[::1]:9000");
}

TEST(UrlTarget, RejectsWhatIsNotAnAbsoluteHttpUrlWithoutEchoingIt) {
  for (std::string_view url : {"/relative/path?secret=1", "ftp://example.com/secret",
                               "http:///nohost", "not a url secret", "http://h:99999/"}) {
    auto parsed = parse_url_target(url);
    ASSERT_FALSE(parsed.has_value()) << url;
    EXPECT_EQ(parsed.error().reason, Reason::kNetwork);
    EXPECT_EQ(parsed.error().detail.find("secret"), std::string::npos) << parsed.error().detail;
  }
}

}  // namespace
}  // namespace gt3::http
