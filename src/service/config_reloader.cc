#include "service/config_reloader.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace gt3::service {
namespace {

std::string joined(const std::vector<std::string>& keys) {
  std::string out;
  for (const std::string& key : keys) out += (out.empty() ? "" : ", ") + key;
  return out;
}

bool contains(const std::vector<std::string>& keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

}  // namespace

ConfigReloader::ConfigReloader(ConfigSources sources, Service& service, Prepare prepare)
    : sources_(std::move(sources)), service_(service), prepare_(std::move(prepare)) {}

Result<std::vector<std::string>> ConfigReloader::reload() {
  Result<ServiceConfig> loaded = load_config(sources_);
  if (loaded && prepare_) prepare_(*loaded);
  auto changed = service_.reload(loaded);
  // The file read is named: under systemd it may be a copy taken at the start (LoadCredential=).
  const std::string what = sources_.file ? "reload of " + *sources_.file : "reload (no file)";
  if (!changed) {
    spdlog::error("{} refused, the running configuration is kept: {}", what,
                  changed.error().detail);
    return changed;
  }
  if (contains(*changed, "log.level")) {
    spdlog::set_level(spdlog::level::from_str(std::string(log_level_name(loaded->log.level))));
  }
  if (changed->empty()) {
    spdlog::info("{} applied; no key changed", what);
  } else {
    spdlog::info("{} applied; changed: {}", what, joined(*changed));
  }
  if (contains(*changed, "offline.secret") && loaded->offline.secret_generated) {
    spdlog::warn(
        "offline: offline.secret is no longer set; this process now signs with a random secret "
        "of its own, which the other instances of a fleet do not know: set offline.secret");
  }
  return changed;
}

}  // namespace gt3::service
