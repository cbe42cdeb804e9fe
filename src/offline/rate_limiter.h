// RateLimiter: a token bucket per client (IP address), for offline mode only (DESIGN.md
// section 4).
//
// Each client starts with `burst` tokens; each allow() takes one; tokens come back at
// per_minute / 60 per second, up to `burst`. A limit whose per_minute is not positive is
// disabled: allow() always says yes and tracks nothing. A burst below 1 counts as 1. The bucket
// of a client is that of its key (client_key.h): an IPv4 address, or the IPv6 network of
// `ipv6_prefix` bits, so that a host with a /64 does not get 2^64 buckets.
//
// Memory is bounded by max_clients buckets (16 shards of max_clients / 16, rounded up). When a
// shard is full, the buckets that have refilled completely are dropped (a full bucket behaves as
// a new one). If none has, a client without a bucket is refused until one has: an attacker with
// more addresses than the table holds must not be able to escape the limit by overflowing it,
// and while the table is full of drained buckets the offline traffic is that of an attack. The
// shard then sweeps again only when its soonest bucket can be full, so refusals stay cheap.
//
// Thread-safe: one mutex per shard, held for a hash lookup. `clock` must outlive the limiter.
#pragma once

#include <array>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "gt3/clock.h"
#include "offline/client_key.h"

namespace gt3::offline {

struct RateLimit {
  double per_minute = 0;                 // tokens added per minute; 0 (or less) disables the limit
  double burst = 10;                     // bucket size
  int ipv6_prefix = kDefaultIpv6Prefix;  // IPv6 clients share a bucket per network of this length

  bool enabled() const { return per_minute > 0; }
};

class RateLimiter {
 public:
  static constexpr std::size_t kDefaultMaxClients = 100'000;

  explicit RateLimiter(RateLimit limit, const Clock& clock = SystemClock::instance(),
                       std::size_t max_clients = kDefaultMaxClients);

  // Takes one token of the bucket of `client` (an address; see client_key()); false when it has
  // none left (or it is new and the table is full of clients still being limited).
  bool allow(std::string_view client);

  // Buckets held now (for tests and metrics).
  std::size_t tracked() const;

 private:
  static constexpr std::size_t kShards = 16;

  struct Bucket {
    double tokens;
    Clock::SteadyTime updated;
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Bucket, StringHash, std::equal_to<>> buckets;
    Clock::SteadyTime next_sweep{};  // no bucket can be full before this
  };

  double refilled(const Bucket& bucket, Clock::SteadyTime now) const;
  bool make_room(Shard& shard, Clock::SteadyTime now) const;

  const RateLimit limit_;
  const double per_second_;
  const Clock& clock_;
  const std::size_t max_per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace gt3::offline
