// UrlTarget: an absolute http(s) URL split into what a connection and a request line need.
//
// parse_url_target() accepts only absolute `http://` and `https://` URLs with a host; the port
// defaults to 80 or 443. `host` is what DNS and certificate checks use (an IPv6 literal without
// its brackets); `host_header` is the Host header as the URL spells it; `target` is the
// request-target (path, at least "/", and query; never the fragment). A URL that does not fit
// is an HttpError (kNetwork) whose detail says why, without echoing the URL (its query may
// carry user data). Pure functions, thread-safe.
#pragma once

#include <boost/system/result.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "gt3/http_client.h"

namespace gt3::http {

struct UrlTarget {
  bool tls = false;
  std::string host;
  std::string port;
  std::string host_header;
  std::string target;

  // Connections are pooled per scheme, host and port: "https://example.com:443".
  std::string pool_key() const;
  // "host:port", for messages.
  std::string authority() const;
};

boost::system::result<UrlTarget, HttpError> parse_url_target(std::string_view url);

// What is wrong with `url` as the base of a service's endpoints (the GeeTest API, the
// availability URL, a page's api_server): it must be an absolute http(s) URL with a host and
// without user, query or fragment. nullopt when it is fine; otherwise a phrase such as "has no
// host" that never echoes the URL.
std::optional<std::string> base_url_problem(std::string_view url);

}  // namespace gt3::http
