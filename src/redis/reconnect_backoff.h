// ReconnectBackoff: how long a Redis client waits before its next connection attempt. Capped
// exponential backoff with jitter: each delay is drawn from [d/2, d], d doubling from 50 ms up to
// the cap (a cap below 50 ms counts as 50 ms), so that a fleet does not reconnect in lockstep.
// reset() after a success starts again from 50 ms. Not thread-safe: one per RedisWorker thread.
// No I/O, never fails.
#pragma once

#include <algorithm>
#include <chrono>
#include <random>

namespace gt3::redis {

class ReconnectBackoff {
 public:
  static constexpr std::chrono::milliseconds kFirst{50};

  explicit ReconnectBackoff(std::chrono::milliseconds cap) : cap_(std::max(cap, kFirst)) {}

  std::chrono::milliseconds next() {
    const std::chrono::milliseconds ceiling = current_;
    current_ = std::min(current_ * 2, cap_);
    std::uniform_int_distribution<std::chrono::milliseconds::rep> pick(ceiling.count() / 2,
                                                                       ceiling.count());
    return std::chrono::milliseconds(pick(random_));
  }

  void reset() { current_ = kFirst; }

 private:
  std::chrono::milliseconds cap_;
  std::chrono::milliseconds current_ = kFirst;
  std::mt19937 random_{std::random_device{}()};
};

}  // namespace gt3::redis
