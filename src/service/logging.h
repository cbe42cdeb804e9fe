// Logging of the long-running commands: spdlog's default logger on stderr, one line per event at
// log.level, either text (ISO time and level first) or, with log.format = "json", one JSON object
// per line (json_log_format.h). And the lines every command logs the same way: the start, the
// access log. No secret ever reaches these lines (the types print "***").
#pragma once

#include <spdlog/common.h>

#include <chrono>
#include <string_view>

#include "service/config.h"

namespace gt3::service {

class Service;

// Before any thread logs. The lines go to stderr, or to `sink` when one is given (tests).
void configure_logging(const LogSettings& settings, spdlog::sink_ptr sink = nullptr);

// One answer of server.access_log: "access: <peer> <method> <path> <code> <ms> ms" ("-" for a
// method or path never read); in JSON also as the fields peer, method, path, code, route and
// duration_ms. Thread-safe.
struct AccessEntry {
  std::string_view route;  // the metrics' route label: "register", "page", "other", ...
  std::string_view peer;
  std::string_view method;
  std::string_view path;
  int code = 0;
  std::chrono::nanoseconds took{};
};
void log_access(const AccessEntry& entry);

// Warnings about configuration that works but a fleet should not run with.
void warn_about_defaults(const ServiceConfig& config);

// "<command>: listening on http://127.0.0.1:8080 (mode poll, store memory, policy compat)".
void log_start(std::string_view command, Service& service);

}  // namespace gt3::service
