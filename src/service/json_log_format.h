// The JSON log lines of log.format = "json" (docs/operations.md, "Logs"): one object per line,
// for log pipelines, in this order:
//
//   {"time":"2026-12-02T01:09:34.945Z","level":"info","logger":"gt3","component":"bypass",
//    "message":"bypass: online -> offline: probe refused (...)", <fields>}
//
// time is RFC 3339 in UTC with milliseconds; level one of trace, debug, info, warn, error,
// critical (log.level's names); component the message's leading "<word>: " when it has one (the
// message keeps it, so the lines the docs quote are found as they are); then the fields the code
// logging the line attached with LogFields (the access log's method, path, code, ...). Every
// string is escaped by nlohmann-json: quotes, backslashes and control characters are escaped, and
// bytes that are not UTF-8 become U+FFFD, so whatever a client sends, a line is valid JSON and
// never splits in two.
#pragma once

#include <spdlog/formatter.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "gt3/clock.h"

namespace gt3::service {

// While one lives, the lines this thread logs carry `fields` (JSON format only; the text format
// ignores them). Scoped: the line's own code makes one around its log call (an inner one hides
// the outer ones until it ends).
// spdlog's loggers here are synchronous, so the formatter runs on the logging thread.
class LogFields {
 public:
  explicit LogFields(const nlohmann::ordered_json& fields);
  ~LogFields();
  LogFields(const LogFields&) = delete;
  LogFields& operator=(const LogFields&) = delete;

 private:
  const nlohmann::ordered_json* previous_;
};

// One line, without the newline. `fields` may be null; a field named like one of the line's own
// keys is dropped (it cannot replace the time or the message).
std::string json_log_line(Clock::WallTime time, spdlog::level::level_enum level,
                          std::string_view logger, std::string_view message,
                          const nlohmann::ordered_json* fields);

// spdlog's formatter for the JSON format: json_log_line() and a newline.
class JsonLogFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;
};

}  // namespace gt3::service
