// RateLimiter: a token bucket per client, for offline mode only (docs/design.md section 4).
//
// Each client starts with `burst` tokens; each allow() takes one; tokens come back at
// per_minute / 60 per second, up to `burst`. A limit whose per_minute is not positive is
// disabled: allow() always says yes and tracks nothing. A burst below 1 counts as 1. The bucket
// of a client is that of its key (client_key.h): an IPv4 address, or the IPv6 network of
// `ipv6_prefix` bits, so that a host with a /64 does not get 2^64 buckets.
//
// The bound is not an off switch. Memory is bounded by max_clients buckets; when the table is
// full, the least recently used bucket is evicted and the newcomer gets a fresh one. Evicting is
// only ever lenient to the evicted client (it comes back with a full bucket), never strict to
// anyone else, so a legitimate newcomer always passes, however many addresses an attacker
// holds. The cost: an attacker rotating through more than max_clients keys (IPv4 /32s or IPv6
// prefixes) regains `burst` attempts per key per eviction cycle. That is the limit of what a
// per-address limit can do; every offline pass still needs a valid, signed, single-use challenge
// (and a proof of work under policy pow). The earlier design refused newcomers while the table
// was full of drained buckets, which let one attacker lock every legitimate newcomer out.
//
// Exact LRU, not a sampled approximation: a doubly linked list threaded through the map's own
// nodes (two pointers a bucket) is O(1) per call and evicts exactly the bucket idle longest,
// the one whose eviction is the least lenient (it has had the longest to refill). Buckets at the
// old end that are full again are also dropped as clients come (a full bucket behaves as a new
// one), so memory follows use.
//
// Memory: about 110 bytes a bucket keyed by IPv4 and 140 keyed by an IPv6 network (a map node
// with its allocation overhead, a slot of the bucket array, the two LRU pointers, and for keys
// longer than 15 characters a heap copy of the key), measured with glibc's mallinfo2 over 100,000
// distinct keys: 11 to 14 MB at the default bound.
//
// Sharding: 16 shards, each with its own mutex and LRU list, hold max_clients / 16 each (rounded
// up), so eviction is exact within a shard, and a shard evicts when its share is full (keys hash
// unevenly: with 100,000 distinct keys about 99.5 % of the bound is held). A limiter of fewer than
// 1024 buckets has one shard (contention does not matter at that size, and LRU is then exact).
//
// Thread-safe: one mutex per shard, held for a hash lookup. `clock` must outlive the limiter.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

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

  // Takes one token of the bucket of `client` (an address; see client_key()); false when that
  // bucket has none left. A client without a bucket always gets one.
  bool allow(std::string_view client);

  // Buckets held now (for tests and metrics).
  std::size_t tracked() const;

 private:
  struct Bucket;
  using Entry = std::pair<const std::string, Bucket>;  // a node of the map
  struct Bucket {
    double tokens;
    Clock::SteadyTime updated;
    Entry* older = nullptr;  // the LRU list, through the map's nodes (which never move)
    Entry* newer = nullptr;
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
    Entry* newest = nullptr;
    Entry* oldest = nullptr;
  };

  double refilled(const Bucket& bucket, Clock::SteadyTime now) const;
  static void unlink(Shard& shard, Entry& entry);
  static void push_newest(Shard& shard, Entry& entry);
  static void drop_oldest(Shard& shard);

  const RateLimit limit_;
  const double per_second_;
  const Clock& clock_;
  const std::size_t shard_count_;
  const std::size_t max_per_shard_;
  std::unique_ptr<Shard[]> shards_;
};

}  // namespace gt3::offline
