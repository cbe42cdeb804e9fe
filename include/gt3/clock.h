// Clock: the seam through which time-dependent logic reads time, so that tests move time by
// hand instead of sleeping (STYLE.md). SystemClock is the real one; ManualClock is for tests and
// starts at a fixed, arbitrary point. Both are thread-safe.
#pragma once

#include <atomic>
#include <chrono>

namespace gt3 {

class Clock {
 public:
  using SteadyTime = std::chrono::steady_clock::time_point;
  using WallTime = std::chrono::system_clock::time_point;

  virtual ~Clock() = default;
  virtual SteadyTime now() const = 0;     // for intervals and deadlines
  virtual WallTime wall_now() const = 0;  // for timestamps shared between machines
};

class SystemClock final : public Clock {
 public:
  SteadyTime now() const override { return std::chrono::steady_clock::now(); }
  WallTime wall_now() const override { return std::chrono::system_clock::now(); }

  static SystemClock& instance() {
    static SystemClock clock;
    return clock;
  }
};

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
