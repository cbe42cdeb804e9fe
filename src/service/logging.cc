#include "service/logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "service/service.h"

namespace gt3::service {

void configure_logging(LogLevel level) {
  auto logger = spdlog::stderr_color_mt("gt3");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%-5l%$ %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(std::string(log_level_name(level))));
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
  const std::string host = config.server.listen.substr(0, config.server.listen.rfind(':'));
  const std::string shown = host.empty() || host == "*" ? "127.0.0.1" : host;
  spdlog::info("{}: listening on http://{}:{} (bypass.mode {}, store {}, offline.policy {})",
               command, shown, service.port(), bypass_mode_name(config.bypass.mode),
               store_kind_name(config.store.kind), gt3::offline_policy_name(config.offline.policy));
}

}  // namespace gt3::service
