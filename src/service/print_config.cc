#include "service/print_config.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

#include "service/config_keys.h"

namespace gt3::service {
namespace {

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04X", static_cast<unsigned>(c));
      out += escape;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string number(double value) {
  std::ostringstream out;
  out << value;
  std::string text = out.str();
  if (text.find_first_of(".e") == std::string::npos) text += ".0";  // stays a TOML float
  return text;
}

std::string strings(const std::vector<std::string>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + quoted(values[i]);
  return out + "]";
}

std::string secret(const Secret& value) {
  return quoted(value.empty() ? "" : std::string(kMaskedSecret));
}

// One "***" per secret: how many there are shows, never what they are.
std::string secrets(const std::vector<Secret>& values) {
  return strings(std::vector<std::string>(values.size(), std::string(kMaskedSecret)));
}

struct Line {
  std::string value;
  std::string comment;
};

// Every key's value as TOML text, by dotted name.
std::map<std::string, Line> lines_of(const ServiceConfig& c) {
  const auto ms = [](auto duration) { return std::to_string(duration.count()); };
  const auto text = [](std::string_view v) { return quoted(v); };
  std::map<std::string, Line> lines{
      {"geetest.id", {text(c.geetest.client.captcha_id), ""}},
      {"geetest.key", {secret(c.geetest.client.private_key), ""}},
      {"geetest.api_url", {text(c.geetest.client.api_url), ""}},
      {"geetest.bypass_url", {text(c.geetest.bypass_url), ""}},
      {"geetest.timeout_ms", {ms(c.geetest.client.timeout), ""}},
      {"geetest.digestmod", {text(digestmod_name(c.geetest.client.digestmod)), ""}},
      {"server.listen", {text(c.server.listen), ""}},
      {"server.threads", {std::to_string(c.server.threads), ""}},
      {"server.trusted_proxies", {strings(c.server.trusted_proxies.entries()), ""}},
      {"server.admin_token",
       {secret(c.server.admin_token),
        c.server.admin_token.empty() ? "unset: /admin is disabled" : "set (hidden)"}},
      {"server.previous_admin_tokens", {secrets(c.server.previous_admin_tokens), ""}},
      {"server.access_log", {c.server.access_log ? "true" : "false", ""}},
      {"server.shutdown_grace_ms", {ms(c.server.shutdown_grace), ""}},
      {"server.max_body_bytes", {std::to_string(c.server.max_body_bytes), ""}},
      {"server.max_connections", {std::to_string(c.server.max_connections), ""}},
      {"server.request_timeout_ms", {ms(c.server.request_timeout), ""}},
      {"bypass.mode", {text(bypass_mode_name(c.bypass.mode)), ""}},
      {"bypass.interval_ms", {ms(c.bypass.checker.interval), ""}},
      {"bypass.timeout_ms", {ms(c.bypass.checker.timeout), ""}},
      {"bypass.jitter", {number(c.bypass.checker.jitter), ""}},
      {"bypass.unhealthy_threshold", {std::to_string(c.bypass.checker.thresholds.unhealthy), ""}},
      {"bypass.healthy_threshold", {std::to_string(c.bypass.checker.thresholds.healthy), ""}},
      {"bypass.instant_cache_ms", {ms(c.bypass.instant_cache), ""}},
      {"store.kind", {text(store_kind_name(c.store.kind)), ""}},
      {"store.redis_url",
       {text(masked_redis_url(c.store.redis_url, c.store.redis_password)),
        c.store.redis_password.empty() ? "" : "password hidden"}},
      {"store.status_key", {text(c.store.status_key), ""}},
      {"store.override_key", {text(c.store.override_key), ""}},
      {"store.lease_key", {text(c.store.lease_key), ""}},
      {"store.channel", {text(c.store.channel), ""}},
      {"store.lease_ms", {ms(c.store.lease), ""}},
      {"offline.policy", {text(gt3::offline_policy_name(c.offline.policy)), ""}},
      {"offline.secret",
       {c.offline.secret_generated ? quoted("") : secret(c.offline.secret),
        c.offline.secret_generated
            ? "unset: a random secret was generated for this process; a fleet must share one"
        : c.offline.secret.empty() ? "unset"
                                   : "set (hidden)"}},
      {"offline.previous_secrets", {secrets(c.offline.previous_secrets), ""}},
      {"offline.challenge_ttl_s", {std::to_string(c.offline.challenge_ttl.count()), ""}},
      {"offline.pow_difficulty", {std::to_string(c.offline.pow_difficulty), ""}},
      {"offline.online_fallback", {text(online_fallback_name(c.offline.online_fallback)), ""}},
      {"offline.rate_limit_per_minute", {std::to_string(c.offline.rate_limit_per_minute), ""}},
      {"offline.rate_limit_burst", {std::to_string(c.offline.rate_limit_burst), ""}},
      {"offline.rate_limit_ipv6_prefix", {std::to_string(c.offline.rate_limit_ipv6_prefix), ""}},
      {"offline.rate_limit_max_clients", {std::to_string(c.offline.rate_limit_max_clients), ""}},
      {"offline.ledger_max_entries", {std::to_string(c.offline.ledger_max_entries), ""}},
      {"page.widget_url", {text(c.page.widget_url), ""}},
      {"page.gt_js_url", {text(c.page.gt_js_url), ""}},
      {"page.online_widget", {text(online_widget_name(c.page.online_widget)), ""}},
      {"page.api_server",
       {text(c.page.api_server), c.page.api_server.empty() ? "geetest.api_url" : ""}},
      {"page.web_root",
       {text(c.page.web_root), c.page.web_root.empty() ? "the built-in copy" : ""}},
      {"monitor.listen", {text(c.monitor.listen), c.monitor.listen.empty() ? "no listener" : ""}},
      {"log.level", {text(log_level_name(c.log.level)), ""}},
      {"log.format", {text(log_format_name(c.log.format)), ""}},
  };
  if (c.geetest.client.private_key.empty()) lines["geetest.key"].comment = "unset";
  return lines;
}

}  // namespace

std::string masked_redis_url(const redis::RedisUrl& url, const Secret& password) {
  std::string out = "redis://";
  if (!password.empty()) out += ":" + std::string(kMaskedSecret) + "@";
  out += url.host.find(':') == std::string::npos ? url.host : "[" + url.host + "]";
  out += ":" + std::to_string(url.port) + "/" + std::to_string(url.db);
  return out;
}

std::string print_config(const ServiceConfig& config, ConfigCommand command,
                         const std::vector<std::string>& missing) {
  const std::map<std::string, Line> lines = lines_of(config);
  const std::string name(config_command_name(command));
  std::string out = "# gt3-bypass " + name +
                    ": the effective configuration (secrets are never shown)\n"
                    "# the keys " +
                    name + " reads; a config file may hold other commands' keys, unread\n";
  if (!missing.empty()) {
    out += "# INCOMPLETE: " + std::to_string(missing.size()) + " required key" +
           (missing.size() == 1 ? " is missing; " : "s are missing; ") + name +
           " does not start until " + (missing.size() == 1 ? "it is" : "each is") + " set\n";
  }
  std::string_view section;
  for (const ConfigKey& k : config_keys()) {
    if (!k.is_read_by(command)) continue;
    if (k.section != section) {
      section = k.section;
      out += "\n[" + std::string(section) + "]\n";
    }
    if (std::find(missing.begin(), missing.end(), k.dotted()) != missing.end()) {
      out += std::string(k.name) + " = <missing: required>  # set " + std::string(k.name) +
             " under [" + std::string(k.section) + "], " + k.env_name() + " or " + k.flag() + "\n";
      continue;
    }
    const auto line = lines.find(k.dotted());
    if (line == lines.end()) {
      out += "# " + std::string(k.name) + " cannot be printed\n";
      continue;
    }
    out += std::string(k.name) + " = " + line->second.value;
    if (!line->second.comment.empty()) out += "  # " + line->second.comment;
    out += "\n";
  }
  return out;
}

}  // namespace gt3::service
