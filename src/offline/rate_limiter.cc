#include "offline/rate_limiter.h"

#include <algorithm>
#include <chrono>

namespace gt3::offline {
namespace {

constexpr std::size_t kShards = 16;
constexpr std::size_t kShardedFrom = 1024;  // clients; below it, one shard
constexpr int kRefilledDropsPerCall = 2;

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
      shard_count_(max_clients >= kShardedFrom ? kShards : 1),
      max_per_shard_(std::max<std::size_t>(1, (max_clients + shard_count_ - 1) / shard_count_)),
      shards_(std::make_unique<Shard[]>(shard_count_)) {}

double RateLimiter::refilled(const Bucket& bucket, Clock::SteadyTime now) const {
  const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  return std::min(limit_.burst, bucket.tokens + std::max(elapsed, 0.0) * per_second_);
}

void RateLimiter::unlink(Shard& shard, Entry& entry) {
  Bucket& bucket = entry.second;
  (bucket.older ? bucket.older->second.newer : shard.oldest) = bucket.newer;
  (bucket.newer ? bucket.newer->second.older : shard.newest) = bucket.older;
  bucket.older = bucket.newer = nullptr;
}

void RateLimiter::push_newest(Shard& shard, Entry& entry) {
  entry.second.older = shard.newest;
  entry.second.newer = nullptr;
  (shard.newest ? shard.newest->second.newer : shard.oldest) = &entry;
  shard.newest = &entry;
}

void RateLimiter::drop_oldest(Shard& shard) {
  Entry& oldest = *shard.oldest;
  unlink(shard, oldest);
  shard.buckets.erase(shard.buckets.find(oldest.first));
}

bool RateLimiter::allow(std::string_view client) {
  if (!limit_.enabled()) return true;
  const std::string key = client_key(client, limit_.ipv6_prefix);
  Shard& shard = shards_[StringHash{}(key) % shard_count_];
  const Clock::SteadyTime now = clock_.now();
  std::lock_guard lock(shard.mutex);
  // A bucket that is full again behaves as a new one: dropping it changes nothing but memory.
  for (int i = 0; i < kRefilledDropsPerCall && shard.oldest &&
                  refilled(shard.oldest->second, now) >= limit_.burst;
       ++i) {
    drop_oldest(shard);
  }
  auto found = shard.buckets.find(key);
  if (found == shard.buckets.end()) {
    // Evicting is lenient to the evicted client only: the newcomer always gets a bucket.
    if (shard.buckets.size() >= max_per_shard_) drop_oldest(shard);
    found = shard.buckets.emplace(key, Bucket{limit_.burst - 1, now}).first;
    push_newest(shard, *found);
    return true;
  }
  Bucket& bucket = found->second;
  bucket.tokens = refilled(bucket, now);
  bucket.updated = now;
  unlink(shard, *found);
  push_newest(shard, *found);
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

std::size_t RateLimiter::tracked() const {
  std::size_t total = 0;
  for (std::size_t i = 0; i < shard_count_; ++i) {
    std::lock_guard lock(shards_[i].mutex);
    total += shards_[i].buckets.size();
  }
  return total;
}

}  // namespace gt3::offline
