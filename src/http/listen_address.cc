#include "http/listen_address.h"

#include <charconv>
#include <cstdint>
#include <string>

namespace gt3::http {

Result<boost::asio::ip::tcp::endpoint> parse_listen_address(std::string_view text) {
  namespace ip = boost::asio::ip;
  const auto bad = [](std::string_view why) {
    return Error{Reason::kBadConfig,
                 std::string(why) +
                     "; write host:port, e.g. 127.0.0.1:8080, [::1]:8080, or :8080 for every "
                     "address"};
  };
  std::string_view host;
  std::string_view port;
  if (text.starts_with('[')) {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos || text.substr(close + 1, 1) != ":") {
      return bad("has no closing ']' followed by :port");
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return bad("has no port");
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) return bad("needs [] around an IPv6 address");
  }
  std::uint16_t number = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size()) {
    return bad("has no valid port (0 to 65535)");
  }
  if (host.empty() || host == "*") return ip::tcp::endpoint(ip::address_v6::any(), number);
  if (host == "localhost") host = "127.0.0.1";
  boost::system::error_code address_ec;
  const ip::address address = ip::make_address(std::string(host), address_ec);
  if (address_ec) return bad("does not start with an IP address");
  return ip::tcp::endpoint(address, number);
}

}  // namespace gt3::http
