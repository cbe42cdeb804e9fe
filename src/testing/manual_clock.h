// ManualClock: a Clock for tests that moves only when advance() is called, from a fixed,
// arbitrary start. Thread-safe: advance() and the readers may run on any threads.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "gt3/clock.h"

namespace gt3 {

class ManualClock final : public Clock {
 public:
  SteadyTime now() const override { return SteadyTime(elapsed()); }
  WallTime wall_now() const override { return WallTime(kWallStart + elapsed()); }

  void advance(std::chrono::nanoseconds by) { elapsed_ns_ += by.count(); }

 private:
  // 2026-01-01T00:00:00Z: wall times in tests are plausible dates, not 1970.
  static constexpr std::chrono::seconds kWallStart{1767225600};
  std::chrono::nanoseconds elapsed() const { return std::chrono::nanoseconds(elapsed_ns_.load()); }
  std::atomic<std::int64_t> elapsed_ns_{1'000'000'000};
};

}  // namespace gt3
