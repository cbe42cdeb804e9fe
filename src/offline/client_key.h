// client_key: the rate-limit bucket a client address falls in (RateLimiter).
//
// One bucket per address is right for IPv4, where an address is scarce, and wrong for IPv6, where
// one host is usually given a whole /64 (2^64 addresses, each of which would be a fresh bucket).
// So an IPv6 address is masked to a network of `ipv6_prefix` bits (default 64, the usual
// allocation to one host or LAN; a /48 or /56 groups a whole site), and that network is the key.
//
//   "203.0.113.7"            -> "203.0.113.7"          IPv4: the /32 address
//   "::ffff:203.0.113.7"     -> "203.0.113.7"          IPv4-mapped: the same client as IPv4
//   "2001:db8:1:2:a:b:c:d"   -> "2001:db8:1:2::/64"    IPv6: its network
//   "unix-socket"            -> "unix-socket"          not an IP address: its own key
//
// A pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace gt3::offline {

inline constexpr int kDefaultIpv6Prefix = 64;

// `ipv6_prefix` is clamped to 0..128.
std::string client_key(std::string_view client, int ipv6_prefix = kDefaultIpv6Prefix);

}  // namespace gt3::offline
