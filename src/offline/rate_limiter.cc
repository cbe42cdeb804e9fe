#include "offline/rate_limiter.h"

#include <algorithm>
#include <chrono>
#include <limits>

namespace gt3::offline {
namespace {

RateLimit normalised(RateLimit limit) {
  limit.burst = std::max(limit.burst, 1.0);
  limit.ipv6_prefix = std::clamp(limit.ipv6_prefix, 0, 128);
  return limit;
}

}  // namespace

RateLimiter::RateLimiter(RateLimit limit, const Clock& clock, std::size_t max_clients)
    : limit_(normalised(limit)),
      per_second_(limit_.enabled() ? limit_.per_minute / 60.0 : 0.0),
      clock_(clock),
      max_per_shard_(std::max<std::size_t>(1, (max_clients + kShards - 1) / kShards)) {}

double RateLimiter::refilled(const Bucket& bucket, Clock::SteadyTime now) const {
  const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  return std::min(limit_.burst, bucket.tokens + std::max(elapsed, 0.0) * per_second_);
}

// Drops the buckets that are full again; true when there is room afterwards. Also records when
// the soonest remaining bucket will be full, so that a full shard under attack is not swept on
// every refused request.
bool RateLimiter::make_room(Shard& shard, Clock::SteadyTime now) const {
  if (now < shard.next_sweep) return false;
  double soonest = std::numeric_limits<double>::infinity();  // seconds until a bucket is full
  std::erase_if(shard.buckets, [&](const auto& entry) {
    const double tokens = refilled(entry.second, now);
    if (tokens >= limit_.burst) return true;
    soonest = std::min(soonest, (limit_.burst - tokens) / per_second_);
    return false;
  });
  if (shard.buckets.size() < max_per_shard_) return true;
  shard.next_sweep = now + std::chrono::duration_cast<Clock::SteadyTime::duration>(
                               std::chrono::duration<double>(soonest));
  return false;
}

bool RateLimiter::allow(std::string_view client) {
  if (!limit_.enabled()) return true;
  const std::string key = client_key(client, limit_.ipv6_prefix);
  Shard& shard = shards_[StringHash{}(key) % kShards];
  const Clock::SteadyTime now = clock_.now();
  std::lock_guard lock(shard.mutex);
  auto found = shard.buckets.find(key);
  if (found == shard.buckets.end()) {
    if (shard.buckets.size() >= max_per_shard_ && !make_room(shard, now)) return false;
    shard.buckets.emplace(key, Bucket{limit_.burst - 1, now});
    return true;
  }
  Bucket& bucket = found->second;
  bucket.tokens = refilled(bucket, now);
  bucket.updated = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

std::size_t RateLimiter::tracked() const {
  std::size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.buckets.size();
  }
  return total;
}

}  // namespace gt3::offline
