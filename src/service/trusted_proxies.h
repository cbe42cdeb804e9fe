// TrustedProxies: the peers whose X-Forwarded-For header is believed (server.trusted_proxies),
// and the client address a request is attributed to (the `ip_address` sent to GeeTest, the key of
// the offline rate limit).
//
// Entries are IP addresses or CIDR networks, IPv4 or IPv6 ("10.0.0.0/8", "::1", "fd00::/8").
// IPv4 and IPv4-mapped IPv6 (::ffff:1.2.3.4) are the same address here, whichever side of the
// comparison they are on.
//
// The client address: a peer that is not trusted is the client, whatever it sends. A trusted
// peer's X-Forwarded-For (every line of it, combined: Request::header_list) is walked from the
// right (the entry appended by the nearest proxy) and the first entry that is not itself a trusted
// proxy is the client. An entry that is not an IP address ends the walk at the last address
// believed, so garbage cannot be used to spoof one; that address was written by a trusted proxy,
// so the request is still attributed to it.
//
// Unattributed: a trusted peer that does not say whose request it is (no X-Forwarded-For, or a
// right-most entry that is not an IP address). Attributing such a request to the proxy would put
// every client behind it in one rate-limit bucket, which one attacker drains for all of them; so
// it is reported as unattributed, with the peer's address kept for logs, and the caller decides
// (a misconfigured proxy is the operator's to fix).
//
// A value type, immutable after parse(); thread-safe for concurrent const use.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gt3/bypass_captcha.h"
#include "gt3/result.h"

namespace gt3::service {

class TrustedProxies {
 public:
  TrustedProxies() = default;  // trusts nobody

  // Error (Reason::kBadConfig) naming the first entry that is not an IP or CIDR network.
  static Result<TrustedProxies> parse(const std::vector<std::string>& entries);

  bool empty() const { return networks_.empty(); }

  // False for anything that is not an IP address.
  bool contains(std::string_view peer_ip) const;

  // Whom a request is attributed to. `address` is text, IPv4-mapped addresses as plain IPv4; a
  // peer that is not an IP address is not trusted, so it is the client, as given.
  // Where a request comes from (public in gt3/bypass_captcha.h: the facade takes it too).
  using ClientAddress = gt3::ClientAddress;

  // `x_forwarded_for` is every line of the header combined (Request::header_list), so that a
  // proxy appending a line of its own after the client's is believed, not the client.
  ClientAddress attribute(std::string_view peer_ip, std::string_view x_forwarded_for) const;

  // The entries in canonical form, in the order given: host bits cleared ("10.1.2.3/8" is
  // "10.0.0.0/8"), a whole-address prefix dropped ("::1/128" is "::1").
  const std::vector<std::string>& entries() const { return entries_; }

  friend bool operator==(const TrustedProxies& a, const TrustedProxies& b) {
    return a.entries_ == b.entries_;
  }

 private:
  // Every address as 16 bytes: IPv4 as IPv4-mapped IPv6, its prefix length + 96.
  struct Network {
    std::array<std::uint8_t, 16> bytes{};
    int prefix = 128;
  };

  bool contains(const std::array<std::uint8_t, 16>& address) const;

  std::vector<Network> networks_;
  std::vector<std::string> entries_;
};

}  // namespace gt3::service
