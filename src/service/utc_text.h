// Times as this service writes them for people and machines alike (/bypass/status, JSON log
// lines): RFC 3339 in UTC with milliseconds, "2026-12-02T01:09:34.945Z". Thread-safe.
#pragma once

#include <string>

#include "gt3/clock.h"

namespace gt3::service {

std::string utc_text(Clock::WallTime at);

}  // namespace gt3::service
