// spdlog's registry is made on its first use, inside libspdlog, which ThreadSanitizer does not
// see: made there by a worker thread, its later reads on the main thread look like a race. This
// variable makes it before main and before any thread, so its creation happens before every use.
// Include it in one file of each test binary whose threads log (tests only).
#pragma once

#include <spdlog/spdlog.h>

namespace gt3::testing {

[[maybe_unused]] inline spdlog::logger* const kLoggerMadeFirst = spdlog::default_logger_raw();

}  // namespace gt3::testing
