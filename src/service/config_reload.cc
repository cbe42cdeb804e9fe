#include "service/config_reload.h"

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>

#include "service/config_keys.h"
#include "service/print_config.h"

namespace gt3::service {
namespace {

// Every key's line of print_config() ("value  # comment"), by dotted name: the effective value of
// every key that is not a secret, in one canonical text, so a key added to the table is compared
// here without a line of its own.
std::map<std::string, std::string> printed_values(const ServiceConfig& config) {
  std::map<std::string, std::string> values;
  std::istringstream in(print_config(config));
  std::string line;
  std::string section;
  while (std::getline(in, line)) {
    if (line.starts_with('[') && line.ends_with(']')) {
      section = line.substr(1, line.size() - 2);
      continue;
    }
    const std::size_t equals = line.find(" = ");
    if (line.empty() || line.starts_with('#') || equals == std::string::npos) continue;
    values[section + "." + line.substr(0, equals)] = line.substr(equals + 3);
  }
  return values;
}

// The values of a secret key, which print_config() masks; nullopt for a secret key this table
// does not know yet (then it counts as changed: a reload can never miss it).
std::optional<std::vector<Secret>> secret_values(const ServiceConfig& c, std::string_view dotted) {
  if (dotted == "geetest.key") return std::vector{c.geetest.client.private_key};
  if (dotted == "server.admin_token") return std::vector{c.server.admin_token};
  if (dotted == "server.previous_admin_tokens") return c.server.previous_admin_tokens;
  if (dotted == "offline.secret") return std::vector{c.offline.secret};
  if (dotted == "offline.previous_secrets") return c.offline.previous_secrets;
  return std::nullopt;
}

std::string joined(const std::vector<std::string_view>& items) {
  std::string out;
  for (std::string_view item : items) out += (out.empty() ? "" : ", ") + std::string(item);
  return out;
}

bool differs(const ConfigKey& key, const ServiceConfig& before, const ServiceConfig& after,
             const std::map<std::string, std::string>& printed_before,
             const std::map<std::string, std::string>& printed_after) {
  const std::string dotted = key.dotted();
  if (key.secret) {
    const auto a = secret_values(before, dotted);
    return !a || a != secret_values(after, dotted);
  }
  if (dotted == "store.redis_url" && before.store.redis_password != after.store.redis_password) {
    return true;
  }
  const auto a = printed_before.find(dotted);
  const auto b = printed_after.find(dotted);
  if (a == printed_before.end() || b == printed_after.end()) return true;  // cannot tell: changed
  return a->second != b->second;
}

}  // namespace

const std::vector<std::string_view>& live_keys() {
  static const std::vector<std::string_view> keys = [] {
    constexpr std::string_view kLive[] = {"server.trusted_proxies",
                                          "server.admin_token",
                                          "server.previous_admin_tokens",
                                          "server.access_log",
                                          "offline.secret",
                                          "offline.previous_secrets",
                                          "log.level"};
    std::vector<std::string_view> in_table_order;
    for (const ConfigKey& k : config_keys()) {
      const std::string dotted = k.dotted();
      for (std::string_view live : kLive) {
        if (live == dotted) in_table_order.push_back(live);
      }
    }
    return in_table_order;
  }();
  return keys;
}

bool is_live_key(std::string_view dotted) {
  const auto& keys = live_keys();
  return std::find(keys.begin(), keys.end(), dotted) != keys.end();
}

std::vector<std::string> changed_keys(const ServiceConfig& before, const ServiceConfig& after) {
  const auto printed_before = printed_values(before);
  const auto printed_after = printed_values(after);
  std::vector<std::string> changed;
  for (const ConfigKey& k : config_keys()) {
    // Only serve reloads, and it neither reads nor prints the keys of other commands.
    if (!k.is_read_by(ConfigCommand::kServe)) continue;
    if (differs(k, before, after, printed_before, printed_after)) changed.push_back(k.dotted());
  }
  return changed;
}

Result<ReloadPlan> plan_reload(const ServiceConfig& running, ServiceConfig loaded) {
  if (running.offline.secret_generated && loaded.offline.secret_generated) {
    loaded.offline.secret = running.offline.secret;
  }
  std::vector<std::string> changed = changed_keys(running, loaded);
  std::vector<std::string_view> needing_restart;
  for (const std::string& key : changed) {
    if (!is_live_key(key)) needing_restart.push_back(key);
  }
  if (!needing_restart.empty()) {
    return Error{Reason::kBadConfig,
                 joined(needing_restart) + (needing_restart.size() == 1 ? " changes" : " change") +
                     " only with a restart: restart the service, or put the running value back "
                     "(a reload changes " +
                     joined(live_keys()) + ")"};
  }
  return ReloadPlan{std::move(loaded), std::move(changed)};
}

}  // namespace gt3::service
