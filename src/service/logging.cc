#include "service/logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cmath>

#include "service/demo_banner.h"
#include "service/demo_banner.h"
#include "service/json_log_format.h"
#include "service/service.h"

namespace gt3::service {
namespace {

// Whether lines carry fields (JSON): the text format has no use for them, so nothing is built.
std::atomic<bool> g_fields_wanted{false};

// The decoded path in a text line: a client's %0A would otherwise end the line and forge the
// next one; control bytes are written as \xNN instead.
std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f || c == '\\') {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

void configure_logging(const LogSettings& settings, spdlog::sink_ptr sink) {
  const bool json = settings.format == LogFormat::kJson;
  if (!sink) {
    // No colours in JSON: a pipeline reads these lines.
    if (json) {
      sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    } else {
      sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    }
  }
  auto logger = std::make_shared<spdlog::logger>("gt3", std::move(sink));
  if (json) {
    logger->set_formatter(std::make_unique<JsonLogFormatter>());
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%-5l%$ %v");
  }
  g_fields_wanted.store(json, std::memory_order_relaxed);
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(std::string(log_level_name(settings.level))));
}

void log_access(const AccessEntry& entry) {
  const std::string_view method = entry.method.empty() ? "-" : entry.method;
  const std::string_view path = entry.path.empty() ? "-" : entry.path;
  const double ms = std::chrono::duration<double, std::milli>(entry.took).count();
  if (!g_fields_wanted.load(std::memory_order_relaxed)) {
    spdlog::info("access: {} {} {} {} {:.3f} ms", entry.peer, method, printable(path), entry.code,
                 ms);
    return;
  }
  const nlohmann::ordered_json fields{
      {"peer", entry.peer}, {"method", method},     {"path", path},
      {"code", entry.code}, {"route", entry.route}, {"duration_ms", std::round(ms * 1000) / 1000}};
  const LogFields attached(fields);
  spdlog::info("access: {} {} {} {} {:.3f} ms", entry.peer, method, path, entry.code, ms);
}

void warn_about_defaults(const ServiceConfig& config) {
  if (config.offline.secret_generated) {
    spdlog::warn(
        "offline: no offline.secret configured; using an ephemeral random secret. Offline "
        "challenges die with this process, and every instance of a fleet must share one secret: "
        "set offline.secret (or GT3_OFFLINE_SECRET) to 16+ random bytes");
  }
  if (config.store.kind == StoreKind::kMemory && config.bypass.mode == BypassMode::kPoll) {
    spdlog::info(
        "bypass: memory store: this process polls alone (use store.kind = redis for a "
        "fleet)");
  }
}

void log_start(std::string_view command, Service& service) {
  const ServiceConfig& config = service.config();
  spdlog::info("{}: listening on {} (bypass.mode {}, store {}, offline.policy {})", command,
               local_origin(config.server.listen, service.port()),
               bypass_mode_name(config.bypass.mode), store_kind_name(config.store.kind),
               gt3::offline_policy_name(config.offline.policy));
}

}  // namespace gt3::service
