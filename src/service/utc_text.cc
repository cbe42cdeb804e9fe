#include "service/utc_text.h"

#include <cstdio>
#include <ctime>

namespace gt3::service {

std::string utc_text(Clock::WallTime at) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch());
  // Floor division, so that a time before 1970 still gets milliseconds from 0 to 999.
  auto seconds = ms.count() / 1000;
  auto millis = ms.count() % 1000;
  if (millis < 0) {
    millis += 1000;
    seconds -= 1;
  }
  const std::time_t whole = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&whole, &tm);
  char text[48];
  const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(text + n, sizeof text - n, ".%03dZ", static_cast<int>(millis));
  return text;
}

}  // namespace gt3::service
