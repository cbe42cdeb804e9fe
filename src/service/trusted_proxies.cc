#include "service/trusted_proxies.h"

#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <optional>

#include "sdk/text.h"

namespace gt3::service {
namespace {

namespace ip = boost::asio::ip;

// An address, IPv4-mapped IPv6 turned into IPv4. Text without a colon can only be IPv4, and is
// read as such at once (make_address tries IPv6 first).
std::optional<ip::address> parse_address(std::string_view text) {
  boost::system::error_code ec;
  if (text.find(':') == std::string_view::npos) {
    const ip::address_v4 v4 = ip::make_address_v4(text, ec);
    if (ec) return std::nullopt;
    return ip::address(v4);
  }
  ip::address address = ip::make_address(text, ec);
  if (ec) return std::nullopt;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = ip::make_address_v4(ip::v4_mapped, address.to_v6());
  }
  return address;
}

// An X-Forwarded-For entry: an address, possibly "[v6]", "[v6]:port" or "v4:port".
std::optional<ip::address> parse_forwarded(std::string_view entry) {
  if (entry.starts_with('[')) {
    const std::size_t close = entry.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view rest = entry.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return std::nullopt;
    return parse_address(entry.substr(1, close - 1));
  }
  const std::size_t colon = entry.find(':');
  if (colon != std::string_view::npos && entry.find(':', colon + 1) == std::string_view::npos) {
    entry = entry.substr(0, colon);  // "1.2.3.4:5678"
  }
  return parse_address(entry);
}

std::array<std::uint8_t, 16> bytes_of(const ip::address& address) {
  if (address.is_v6()) return address.to_v6().to_bytes();
  return ip::make_address_v6(ip::v4_mapped, address.to_v4()).to_bytes();
}

bool matches(const std::array<std::uint8_t, 16>& network, int prefix,
             const std::array<std::uint8_t, 16>& address) {
  for (int i = 0; i < 16 && prefix > 0; ++i, prefix -= 8) {
    const int bits = prefix >= 8 ? 8 : prefix;
    const auto mask = static_cast<std::uint8_t>(0xFF << (8 - bits));
    if ((network[i] & mask) != (address[i] & mask)) return false;
  }
  return true;
}

// How `address`, read from `text`, is reported. IPv4 text that was read as such is already in
// canonical form (inet_pton takes exactly four decimal octets, none with a leading zero), so it
// is kept instead of being printed again.
std::string text_of(const ip::address& address, std::string_view text) {
  if (text.find(':') == std::string_view::npos) return std::string(text);
  return address.to_string();
}

}  // namespace

Result<TrustedProxies> TrustedProxies::parse(const std::vector<std::string>& entries) {
  TrustedProxies proxies;
  for (const std::string& entry : entries) {
    const auto bad = [&](std::string_view why) {
      return Error{Reason::kBadConfig,
                   "\"" + entry + "\" " + std::string(why) +
                       "; write an IP address or a CIDR network such as 10.0.0.0/8 or fd00::/8"};
    };
    const std::string_view text = trim(entry);
    const std::size_t slash = text.find('/');
    boost::system::error_code ec;
    const ip::address address = ip::make_address(std::string(text.substr(0, slash)), ec);
    if (ec) return bad("is not an IP address or network");
    const int width = address.is_v4() ? 32 : 128;
    int prefix = width;
    if (slash != std::string_view::npos) {
      const std::string_view digits = text.substr(slash + 1);
      const auto [end, error] =
          std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
      if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
          prefix < 0 || prefix > width) {
        return bad("has a prefix length that is not a number from 0 to " + std::to_string(width));
      }
    }
    Network network{bytes_of(address), prefix + (address.is_v4() ? 96 : 0)};
    for (int bit = network.prefix; bit < 128; ++bit) {
      network.bytes[bit / 8] &= static_cast<std::uint8_t>(~(0x80 >> (bit % 8)));
    }
    // An IPv4 network, or an IPv4-mapped one at least as long as the mapping, reads as IPv4.
    const ip::address_v6 masked(network.bytes);
    const bool v4 = masked.is_v4_mapped() && network.prefix >= 96;
    std::string canonical =
        v4 ? ip::make_address_v4(ip::v4_mapped, masked).to_string() : masked.to_string();
    if (network.prefix != 128) {
      canonical += "/" + std::to_string(v4 ? network.prefix - 96 : network.prefix);
    }
    proxies.networks_.push_back(network);
    proxies.entries_.push_back(std::move(canonical));
  }
  return proxies;
}

bool TrustedProxies::contains(std::string_view peer_ip) const {
  const auto address = parse_address(trim(peer_ip));
  return address && contains(bytes_of(*address));
}

bool TrustedProxies::contains(const std::array<std::uint8_t, 16>& bytes) const {
  for (const Network& network : networks_) {
    if (matches(network.bytes, network.prefix, bytes)) return true;
  }
  return false;
}

TrustedProxies::ClientAddress TrustedProxies::attribute(std::string_view peer_ip,
                                                        std::string_view x_forwarded_for) const {
  const std::string_view peer_text = trim(peer_ip);
  const auto peer = parse_address(peer_text);
  if (!peer) return {std::string(peer_ip), true};
  ClientAddress client{text_of(*peer, peer_text), true};
  if (!contains(bytes_of(*peer))) return client;
  // From the right: each entry was appended by the proxy to its right, which we trust so far.
  std::string_view rest = x_forwarded_for;
  bool right_most = true;
  do {
    const std::size_t comma = rest.rfind(',');
    const std::string_view entry =
        trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    const auto address = parse_forwarded(entry);
    if (!address) {
      // The trusted peer wrote no usable entry: it does not say whose request this is.
      if (right_most) client.attributed = false;
      break;
    }
    right_most = false;
    client.address = address->to_string();
    if (!contains(bytes_of(*address))) break;
  } while (!rest.empty());
  return client;
}

}  // namespace gt3::service
