#include "http/url_target.h"

#include <gtest/gtest.h>

#include <boost/url/parse.hpp>
#include <string>

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

// What Boost.URL reads in the whole URL (with a host, and a port from 1 to 65535), as
// "host|port|host header|target", or "invalid".
std::string whole_reading(std::string_view url) {
  const auto parsed = boost::urls::parse_uri(url);
  if (!parsed || (parsed->scheme_id() != boost::urls::scheme::http &&
                  parsed->scheme_id() != boost::urls::scheme::https)) {
    return "invalid";
  }
  if (parsed->host_address().empty()) return "invalid";  // and the two rules of our own:
  if (parsed->has_port() && (parsed->port().empty() || parsed->port().size() > 5 ||
                             std::stoul(std::string(parsed->port())) - 1 > 65534)) {
    return "invalid";
  }
  std::string target(parsed->encoded_target());
  if (target.empty() || target.front() != '/') target.insert(0, "/");
  const std::string port(parsed->has_port()                                  ? parsed->port()
                         : parsed->scheme_id() == boost::urls::scheme::https ? "443"
                                                                             : "80");
  return std::string(parsed->host_address()) + "|" + port + "|" +
         std::string(parsed->encoded_host_and_port()) + "|" + target;
}

std::string reading(std::string_view url) {
  const auto t = parse_url_target(url);
  if (!t) return "invalid";
  return t->host + "|" + t->port + "|" + t->host_header + "|" + t->target;
}

// The origin of a URL is parsed once per thread and kept, the rest checked on its own: each URL
// still reads as a parse of the whole would read it, whatever origin came before.
TEST(UrlTarget, ReadsEachUrlAsAParseOfTheWholeWould) {
  for (std::string_view url : {
           "http://127.0.0.1:8080/register.php?gt=a&user_id=x%20y&ip_address=1.2.3.4",
           "http://127.0.0.1:8080/validate.php",
           "http://127.0.0.1:8080",
           "http://127.0.0.1:8080?",
           "http://127.0.0.1:8080#",
           "http://127.0.0.1:8080//two/slashes",
           "http://127.0.0.1:8080/p?q=1#frag#again",
           "http://127.0.0.1:8080/p?q=%zz",
           "http://127.0.0.1:8080/p?q=%4",
           "http://127.0.0.1:8080/p?q=%",
           "http://127.0.0.1:8080/with space",
           "http://127.0.0.1:8080/[bracket]",
           "http://127.0.0.1:8080/caf\xc3\xa9",
           "http://127.0.0.1:8080/p?q=a\"b<c>",
           "http://127.0.0.1:8080/p?q=!$&'()*+,;=:@/?",
           "http://user:pw@127.0.0.1:8080/p",
           "https://api.geetest.com/p?x=1",
           "HTTP://api.geetest.com/p?x=1",
           "http://[::1]:9000/p?x=1",
           "http://127.0.0.1:99999/p",
           "http://127.0.0.1:8080/p",  // the first origin again, after others
           "http:///nohost",
           "http://host with space/p",
           "ftp://127.0.0.1/p",
           "/p?x=http://127.0.0.1/",
       }) {
    EXPECT_EQ(reading(url), whole_reading(url)) << url;
  }
}

}  // namespace
}  // namespace gt3::http
