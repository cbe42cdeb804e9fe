// RedisUrl::parse. The URL is never echoed back in an error: it may hold the password.
#include "redis/redis_url.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>
#include <limits>

namespace gt3::redis {
namespace {

Error invalid_url(std::string_view why) {
  return Error{Reason::kBadEncoding, "invalid Redis URL: " + std::string(why) +
                                         "; the form is redis://[:password@]host[:port][/db]"};
}

template <class Int>
bool parse_number(std::string_view digits, Int& out) {
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  return !digits.empty() && ec == std::errc() && end == digits.data() + digits.size();
}

}  // namespace

Result<RedisUrl> RedisUrl::parse(std::string_view text) {
  const auto parsed = boost::urls::parse_uri(text);
  if (!parsed) return invalid_url("it is not an absolute URI (" + parsed.error().message() + ")");
  const boost::urls::url_view& u = *parsed;

  if (u.scheme() != "redis") {
    return invalid_url("the scheme must be redis, not '" + std::string(u.scheme()) + "'");
  }
  RedisUrl url;
  if (u.has_userinfo()) {
    if (!u.user().empty()) {
      return invalid_url("a user name is not supported, only a password (redis://:password@...)");
    }
    url.password = u.password();
  }
  url.host = u.host_address();
  if (url.host.empty()) return invalid_url("it has no host");
  if (u.has_port()) {
    // Parsed here: Boost.URL 1.81's port_number() wraps numbers above 65535 around.
    unsigned number = 0;
    if (!parse_number(u.port(), number) || number < 1 || number > 65535) {
      return invalid_url("the port must be a number from 1 to 65535");
    }
    url.port = static_cast<std::uint16_t>(number);
  }
  std::string_view path = u.encoded_path();
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (!path.empty() && (!parse_number(path, url.db) || url.db < 0)) {
    return invalid_url("the database (the path) must be a number from 0, such as /0");
  }
  if (u.has_query() || u.has_fragment()) {
    return invalid_url("query parameters and fragments are not supported");
  }
  return url;
}

}  // namespace gt3::redis
