// Logging of the long-running commands: spdlog's default logger on stderr, one line per event,
// ISO time and level first, the level from log.level. And the start-up lines every command
// prints the same way. No secret ever reaches these lines (the types print "***").
#pragma once

#include <string_view>

#include "service/config.h"

namespace gt3::service {

class Service;

void configure_logging(LogLevel level);

// Warnings about configuration that works but a fleet should not run with.
void warn_about_defaults(const ServiceConfig& config);

// "<command>: listening on http://127.0.0.1:8080 (mode poll, store memory, policy compat)".
void log_start(std::string_view command, Service& service);

}  // namespace gt3::service
