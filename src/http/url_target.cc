#include "http/url_target.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>

namespace gt3::http {
namespace {

HttpError invalid_url(std::string_view why) {
  return HttpError{Reason::kNetwork, 0, "invalid URL: " + std::string(why)};
}

}  // namespace

std::string UrlTarget::pool_key() const {
  return std::string(tls ? "https://" : "http://") + authority();
}

std::string UrlTarget::authority() const {
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + port;  // IPv6 literal
  return host + ":" + port;
}

boost::system::result<UrlTarget, HttpError> parse_url_target(std::string_view url) {
  const auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return invalid_url("it is not an absolute URI (" + parsed.error().message() + ")");
  const boost::urls::url_view& u = *parsed;

  UrlTarget t;
  if (u.scheme_id() == boost::urls::scheme::https) {
    t.tls = true;
  } else if (u.scheme_id() != boost::urls::scheme::http) {
    return invalid_url("the scheme must be http or https, not '" + std::string(u.scheme()) + "'");
  }
  t.host = u.host_address();
  if (t.host.empty()) return invalid_url("it has no host");
  if (u.has_port()) {
    // Parsed here: Boost.URL 1.81's port_number() wraps numbers above 65535 around.
    const std::string_view digits = u.port();
    unsigned number = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (ec != std::errc() || end != digits.data() + digits.size() || number < 1 || number > 65535) {
      return invalid_url("the port must be a number from 1 to 65535");
    }
    t.port = std::to_string(number);
  } else {
    t.port = t.tls ? "443" : "80";
  }
  t.host_header = u.encoded_host_and_port();
  t.target = u.encoded_target();
  if (t.target.empty() || t.target.front() != '/') t.target.insert(0, "/");
  return t;
}

std::optional<std::string> base_url_problem(std::string_view url) {
  const auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return "is not an absolute URL such as http://api.geetest.com";
  const boost::urls::url_view& u = *parsed;
  if (u.scheme() != "http" && u.scheme() != "https") return "must start with http:// or https://";
  if (u.host().empty()) return "has no host";
  if (u.has_userinfo()) return "must not hold a user or password";
  if (u.has_query() || u.has_fragment()) return "must not have a query (?...) or fragment";
  return std::nullopt;
}

}  // namespace gt3::http
