// Clock: the seam through which time-dependent logic reads time, so that tests move time by
// hand instead of sleeping. SystemClock is the real one (thread-safe); the tests' ManualClock
// lives apart from the library, in src/testing/manual_clock.h.
#pragma once

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

}  // namespace gt3
