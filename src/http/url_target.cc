#include "http/url_target.h"

#include <algorithm>
#include <boost/beast/core/string.hpp>
#include <boost/url/grammar/hexdig_chars.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/pchars.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>

#include "sdk/text.h"

namespace gt3::http {
namespace {

HttpError invalid_url(std::string_view why) {
  return HttpError{Reason::kNetwork, 0, "invalid URL: " + std::string(why)};
}

// "host:port", or "[host]:port" for an IPv6 literal, onto the end of `out`.
void append_authority(std::string& out, const UrlTarget& t) {
  const bool ipv6 = t.host.find(':') != std::string::npos;
  if (ipv6) out += '[';
  out += t.host;
  if (ipv6) out += ']';
  out += ':';
  out += t.port;
}

// The bytes RFC 3986 allows as they are in a path, a query and a fragment.
constexpr auto kPlainByte = byte_table(boost::urls::pchars + '/' + '?');

// Whether `rest`, what follows a URL's authority, is a path, query and fragment that RFC 3986
// allows as it is: only bytes those parts may hold, '%' only before two hex digits, one '#'.
bool is_plain_path_and_after(std::string_view rest) {
  using boost::urls::grammar::hexdig_chars;
  bool in_fragment = false;
  for (std::size_t i = 0; i < rest.size(); ++i) {
    const char c = rest[i];
    if (kPlainByte[static_cast<unsigned char>(c)]) continue;
    if (c == '%' && i + 2 < rest.size() && hexdig_chars(rest[i + 1]) && hexdig_chars(rest[i + 2])) {
      i += 2;
    } else if (c == '#' && !in_fragment) {
      in_fragment = true;
    } else {
      return false;
    }
  }
  return true;
}

// The whole URL read by Boost.URL: the first sight of an origin, and whatever the byte check
// does not pass plainly (its error then says what is wrong).
boost::system::result<UrlTarget, HttpError> parse_whole_url(std::string_view url) {
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

}  // namespace

std::string UrlTarget::pool_key() const {
  std::string key;
  key.reserve(12 + host.size() + port.size());  // one allocation per call to the cloud
  key += tls ? "https://" : "http://";
  append_authority(key, *this);
  return key;
}

std::string UrlTarget::authority() const {
  std::string out;
  out.reserve(4 + host.size() + port.size());
  append_authority(out, *this);
  return out;
}

// A client calls the same few origins over and over (scheme, host and port), with a new path
// and query each time: the origin is parsed once per thread and kept, the rest only checked.
boost::system::result<UrlTarget, HttpError> parse_url_target(std::string_view url) {
  struct KnownOrigin {
    std::string text;  // "http://host:port", as the URL spells it
    UrlTarget parsed;  // its parts, target aside
  };
  thread_local KnownOrigin known;
  const std::size_t scheme_end = url.find("://");
  const std::string_view scheme = url.substr(0, scheme_end);
  if (scheme_end == std::string_view::npos ||
      (!boost::beast::iequals(scheme, "http") && !boost::beast::iequals(scheme, "https"))) {
    return parse_whole_url(url);  // which says what is wrong
  }
  std::size_t authority_end = scheme_end + 3;  // a loop: find_first_of searches "/?#" per byte
  while (authority_end < url.size() && url[authority_end] != '/' && url[authority_end] != '?' &&
         url[authority_end] != '#') {
    ++authority_end;
  }
  const std::string_view origin = url.substr(0, authority_end);
  const std::string_view rest = url.substr(authority_end);
  if (!is_plain_path_and_after(rest)) return parse_whole_url(url);
  if (origin != known.text) {
    auto parsed = parse_whole_url(origin);
    if (!parsed) return parse_whole_url(url);
    known = KnownOrigin{std::string(origin), std::move(*parsed)};
  }
  UrlTarget t = known.parsed;
  const std::string_view target = rest.substr(0, rest.find('#'));
  if (target.empty() || target.front() != '/') {
    t.target = "/";
    t.target += target;
  } else {
    t.target = target;
  }
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
