#include "service/json_log_format.h"

#include <spdlog/details/log_msg.h>

#include <array>

#include "service/utc_text.h"

namespace gt3::service {
namespace {

using nlohmann::ordered_json;

thread_local const ordered_json* t_fields = nullptr;

constexpr std::array<std::string_view, 5> kOwnKeys = {"time", "level", "logger", "component",
                                                      "message"};

std::string_view level_name(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
      return "trace";
    case spdlog::level::debug:
      return "debug";
    case spdlog::level::info:
      return "info";
    case spdlog::level::warn:
      return "warn";
    case spdlog::level::err:
      return "error";
    case spdlog::level::critical:
      return "critical";
    default:
      return "off";
  }
}

// "bypass" for "bypass: online -> offline: ...": a short lower-case word and ": " first.
std::string_view component_of(std::string_view message) {
  constexpr std::size_t kLongest = 24;
  const std::size_t colon = message.find(": ");
  if (colon == 0 || colon == std::string_view::npos || colon > kLongest) return {};
  for (char c : message.substr(0, colon)) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return {};
  }
  return message.substr(0, colon);
}

}  // namespace

LogFields::LogFields(const ordered_json& fields) : previous_(t_fields) { t_fields = &fields; }

LogFields::~LogFields() { t_fields = previous_; }

std::string json_log_line(Clock::WallTime time, spdlog::level::level_enum level,
                          std::string_view logger, std::string_view message,
                          const ordered_json* fields) {
  ordered_json line;
  line["time"] = utc_text(time);
  line["level"] = level_name(level);
  if (!logger.empty()) line["logger"] = logger;
  if (const std::string_view component = component_of(message); !component.empty()) {
    line["component"] = component;
  }
  line["message"] = message;
  if (fields != nullptr && fields->is_object()) {
    for (const auto& [name, value] : fields->items()) {
      bool own = false;
      for (std::string_view key : kOwnKeys) own = own || name == key;
      if (!own) line[name] = value;
    }
  }
  // replace: bytes that are not UTF-8 (a client's path, a peer's answer) become U+FFFD instead of
  // throwing; every other escape is JSON's own.
  return line.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

void JsonLogFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  const std::string line = json_log_line(
      msg.time, msg.level, std::string_view(msg.logger_name.data(), msg.logger_name.size()),
      std::string_view(msg.payload.data(), msg.payload.size()), t_fields);
  dest.append(line.data(), line.data() + line.size());
  dest.push_back('\n');
}

std::unique_ptr<spdlog::formatter> JsonLogFormatter::clone() const {
  return std::make_unique<JsonLogFormatter>();
}

}  // namespace gt3::service
