#include "service/config_loader.h"

#include <openssl/rand.h>

#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <cstdlib>
#include <filesystem>

#include "http/listen_address.h"
#include "http/url_target.h"
#include "offline/signed_challenge.h"
#include "sdk/text.h"
#include "service/config_values.h"

namespace gt3::service {
namespace {

const ConfigKey& key(std::string_view dotted) {
  const ConfigKey* k = find_config_key(dotted);
  if (k == nullptr) throw std::logic_error("no configuration key " + std::string(dotted));
  return *k;
}

// The secrets of a rotation (offline.previous_secrets, server.previous_admin_tokens): what they
// may be next to the current one, `current_key`. Messages name entries by position, never by
// value.
constexpr std::size_t kMaxPrevious = offline::ChallengeSigner::kMaxPreviousSecrets;

std::vector<Secret> load_previous(const ConfigValues& values, const ConfigKey& previous_key,
                                  const Secret& current, std::string_view current_key,
                                  std::string_view unit) {
  std::vector<Secret> previous;
  for (std::string& value : values.strings(previous_key)) previous.emplace_back(std::move(value));
  if (previous.size() > kMaxPrevious) {
    values.fail(previous_key, "has " + std::to_string(previous.size()) + " entries; at most " +
                                  std::to_string(kMaxPrevious) +
                                  " are kept: drop those retired longer ago than a rotation "
                                  "needs (docs/operations.md, Rotate)");
  }
  for (std::size_t i = 0; i < previous.size(); ++i) {
    const std::string entry = "entry " + std::to_string(i + 1);
    if (previous[i].reveal().size() < 16) {
      values.fail(previous_key,
                  "has " + entry + " too short: each must have at least 16 " + std::string(unit));
    }
    if (previous[i] == current) {
      values.fail(previous_key, "has " + entry + " equal to " + std::string(current_key) +
                                    ": list only the ones that are no longer current");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (previous[j] == previous[i]) {
        values.fail(previous_key, "has entries " + std::to_string(j + 1) + " and " +
                                      std::to_string(i + 1) + " equal: list each one once");
      }
    }
  }
  return previous;
}

GeetestSettings load_geetest(const ConfigValues& values) {
  GeetestSettings s;
  const ConfigKey& id = key("geetest.id");
  s.client.captcha_id = values.string(id);
  if (values.has_value(id) && !printable_without_spaces(s.client.captcha_id)) {
    values.fail(id, "must be the captcha id from the GeeTest console: not empty, no spaces");
  }
  const ConfigKey& private_key = key("geetest.key");
  s.client.private_key = Secret(values.string(private_key));
  if (values.has_value(private_key) && !printable_without_spaces(s.client.private_key.reveal())) {
    values.fail(private_key,
                "must be the private key from the GeeTest console: not empty, no spaces");
  }
  for (const ConfigKey* k : {&key("geetest.api_url"), &key("geetest.bypass_url")}) {
    const std::string url = values.string(*k);
    if (const auto problem = http::base_url_problem(url)) values.fail(*k, *problem);
    (k->name == "api_url" ? s.client.api_url : s.bypass_url) = url;
  }
  s.client.timeout = std::chrono::milliseconds(values.integer(key("geetest.timeout_ms")));
  const ConfigKey& digestmod = key("geetest.digestmod");
  const auto mod = parse_digestmod(values.string(digestmod));
  if (!mod) values.fail(digestmod, "must be " + digestmod.allowed());
  s.client.digestmod = *mod;
  return s;
}

ServerSettings load_server(const ConfigValues& values) {
  ServerSettings s;
  const ConfigKey& listen = key("server.listen");
  s.listen = values.string(listen);
  if (auto parsed = http::parse_listen_address(s.listen); !parsed) {
    values.fail(listen, parsed.error().detail);
  }
  s.threads = static_cast<int>(values.integer(key("server.threads")));
  const ConfigKey& proxies = key("server.trusted_proxies");
  auto parsed = TrustedProxies::parse(values.strings(proxies));
  if (!parsed) values.fail(proxies, "has an entry that is not usable: " + parsed.error().detail);
  s.trusted_proxies = *std::move(parsed);
  const ConfigKey& token = key("server.admin_token");
  s.admin_token = Secret(values.string(token));
  if (!s.admin_token.empty() && s.admin_token.reveal().size() < 16) {
    values.fail(token,
                "is too short: an admin token must have at least 16 characters (or be "
                "empty to disable /admin)");
  }
  const ConfigKey& previous_tokens = key("server.previous_admin_tokens");
  s.previous_admin_tokens =
      load_previous(values, previous_tokens, s.admin_token, "server.admin_token", "characters");
  if (s.admin_token.empty() && !s.previous_admin_tokens.empty()) {
    values.fail(previous_tokens,
                "is set while server.admin_token is empty, which disables /admin; set the new "
                "token as server.admin_token too");
  }
  s.access_log = values.boolean(key("server.access_log"));
  s.shutdown_grace = std::chrono::milliseconds(values.integer(key("server.shutdown_grace_ms")));
  s.max_body_bytes = static_cast<std::size_t>(values.integer(key("server.max_body_bytes")));
  s.max_connections = static_cast<std::size_t>(values.integer(key("server.max_connections")));
  s.request_timeout = std::chrono::milliseconds(values.integer(key("server.request_timeout_ms")));
  return s;
}

// The configuration key of each option the checker's rules name.
const ConfigKey& checker_key(bypass::CheckerField field) {
  switch (field) {
    case bypass::CheckerField::kInterval:
    case bypass::CheckerField::kEdgeInterval:  // derived from the interval, not a key of its own
      return key("bypass.interval_ms");
    case bypass::CheckerField::kTimeout:
      return key("bypass.timeout_ms");
    case bypass::CheckerField::kJitter:
      return key("bypass.jitter");
    case bypass::CheckerField::kUnhealthyThreshold:
      return key("bypass.unhealthy_threshold");
    case bypass::CheckerField::kHealthyThreshold:
      return key("bypass.healthy_threshold");
  }
  return key("bypass.interval_ms");
}

BypassSettings load_bypass(const ConfigValues& values) {
  BypassSettings s;
  const ConfigKey& mode = key("bypass.mode");
  const auto parsed = parse_bypass_mode(values.string(mode));
  if (!parsed) values.fail(mode, "must be " + mode.allowed());
  s.mode = *parsed;
  s.checker.interval = std::chrono::milliseconds(values.integer(key("bypass.interval_ms")));
  s.checker.timeout = std::chrono::milliseconds(values.integer(key("bypass.timeout_ms")));
  s.checker.jitter = values.number(key("bypass.jitter"));
  s.checker.thresholds.unhealthy =
      static_cast<int>(values.integer(key("bypass.unhealthy_threshold")));
  s.checker.thresholds.healthy = static_cast<int>(values.integer(key("bypass.healthy_threshold")));
  // The checker's one rule across keys, said with both keys and where each came from.
  if (s.checker.timeout >= s.checker.interval) {
    values.fail(key("bypass.timeout_ms"), "must be below " +
                                              values.described(key("bypass.interval_ms")) +
                                              ", so that probes never overlap");
  }
  if (const auto problem = bypass::check_options(s.checker)) {
    values.fail(checker_key(problem->field), problem->rule);
  }
  s.instant_cache = std::chrono::milliseconds(values.integer(key("bypass.instant_cache_ms")));
  return s;
}

StoreSettings load_store(const ConfigValues& values) {
  StoreSettings s;
  const ConfigKey& kind = key("store.kind");
  const auto parsed = parse_store_kind(values.string(kind));
  if (!parsed) values.fail(kind, "must be " + kind.allowed());
  s.kind = *parsed;
  const ConfigKey& url = key("store.redis_url");
  auto redis_url = redis::RedisUrl::parse(values.string(url));
  if (!redis_url) values.fail(url, "is not usable: " + redis_url.error().detail);
  s.redis_password = Secret(std::exchange(redis_url->password, std::string()));
  s.redis_url = *redis_url;
  for (auto [name, field] :
       {std::pair{"store.status_key", &s.status_key},
        std::pair{"store.override_key", &s.override_key},
        std::pair{"store.lease_key", &s.lease_key}, std::pair{"store.channel", &s.channel}}) {
    *field = values.string(key(name));
    if (!printable_without_spaces(*field))
      values.fail(key(name), "must not be empty or hold spaces");
  }
  s.lease = std::chrono::milliseconds(values.integer(key("store.lease_ms")));
  if (const auto checked = s.redis_options().check(); !checked) {
    throw ConfigError{"the [store] settings cannot be used: " + checked.error().detail};
  }
  return s;
}

OfflineSettings load_offline(const ConfigValues& values) {
  OfflineSettings s;
  const ConfigKey& policy = key("offline.policy");
  const auto parsed = gt3::parse_offline_policy(values.string(policy));
  if (!parsed) values.fail(policy, "must be " + policy.allowed());
  s.policy = *parsed;
  const ConfigKey& secret = key("offline.secret");
  s.secret = Secret(values.string(secret));
  if (s.secret.empty()) {
    std::string bytes(32, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), 32) != 1) {
      throw ConfigError{
          "offline.secret is unset and no random secret could be made (OpenSSL "
          "RAND_bytes failed); set offline.secret to at least 16 random bytes"};
    }
    s.secret = Secret(std::move(bytes));
    s.secret_generated = true;
  } else if (s.secret.reveal().size() < 16) {
    values.fail(secret,
                "is too short: it must have at least 16 bytes (or be empty for a random "
                "one per process)");
  }
  s.previous_secrets =
      load_previous(values, key("offline.previous_secrets"), s.secret, "offline.secret", "bytes");
  s.challenge_ttl = std::chrono::seconds(values.integer(key("offline.challenge_ttl_s")));
  s.pow_difficulty = static_cast<int>(values.integer(key("offline.pow_difficulty")));
  const ConfigKey& fallback = key("offline.online_fallback");
  const auto parsed_fallback = parse_online_fallback(values.string(fallback));
  if (!parsed_fallback) values.fail(fallback, "must be " + fallback.allowed());
  s.online_fallback = *parsed_fallback;
  const ConfigKey& rate = key("offline.rate_limit_per_minute");
  if (values.is_set(rate)) {
    s.rate_limit_per_minute = static_cast<int>(values.integer(rate));
  } else {
    s.rate_limit_per_minute = s.policy == gt3::OfflinePolicy::kPow ? kPowRateLimitPerMinute : 0;
  }
  s.rate_limit_burst = static_cast<int>(values.integer(key("offline.rate_limit_burst")));
  s.rate_limit_ipv6_prefix =
      static_cast<int>(values.integer(key("offline.rate_limit_ipv6_prefix")));
  s.rate_limit_max_clients =
      static_cast<int>(values.integer(key("offline.rate_limit_max_clients")));
  s.ledger_max_entries = static_cast<int>(values.integer(key("offline.ledger_max_entries")));
  return s;
}

// A script the login page loads from another host or its own: a path on this site ("/static/gt.js")
// or an absolute http(s) URL, which may carry a query (a version to defeat caches).
std::optional<std::string> script_url_problem(std::string_view url) {
  if (url.starts_with("/") && !url.starts_with("//")) return std::nullopt;
  if (const auto problem = http::base_url_problem(url.substr(0, url.find('?')))) {
    return *problem + "; give GeeTest's " + std::string(kDefaultGtJsUrl) +
           ", or the path of a copy this site serves, such as /static/gt.js";
  }
  return std::nullopt;
}

PageSettings load_page(const ConfigValues& values) {
  PageSettings s;
  s.widget_url = values.string(key("page.widget_url"));
  if (s.widget_url.empty()) values.fail(key("page.widget_url"), "must not be empty");
  const ConfigKey& gt_js_url = key("page.gt_js_url");
  s.gt_js_url = values.string(gt_js_url);
  if (const auto problem = script_url_problem(s.gt_js_url)) values.fail(gt_js_url, *problem);
  const ConfigKey& online_widget = key("page.online_widget");
  const auto parsed_widget = parse_online_widget(values.string(online_widget));
  if (!parsed_widget) values.fail(online_widget, "must be " + online_widget.allowed());
  s.online_widget = *parsed_widget;
  const ConfigKey& api_server = key("page.api_server");
  s.api_server = values.string(api_server);
  if (!s.api_server.empty()) {
    if (const auto problem = http::base_url_problem(s.api_server)) values.fail(api_server, *problem);
  }
  const ConfigKey& web_root = key("page.web_root");
  s.web_root = values.string(web_root);
  std::error_code ec;
  if (!s.web_root.empty() && !std::filesystem::is_directory(s.web_root, ec)) {
    values.fail(web_root, "is not a folder; give the path of the web/ folder, or leave it empty");
  }
  return s;
}

MonitorSettings load_monitor(const ConfigValues& values) {
  MonitorSettings s;
  const ConfigKey& listen = key("monitor.listen");
  s.listen = values.string(listen);
  if (!s.listen.empty()) {
    if (auto parsed = http::parse_listen_address(s.listen); !parsed) {
      values.fail(listen, parsed.error().detail + " (or leave it empty: no listener)");
    }
  }
  return s;
}

LogSettings load_log(const ConfigValues& values) {
  LogSettings s;
  const ConfigKey& level = key("log.level");
  const auto parsed = parse_log_level(values.string(level));
  if (!parsed) values.fail(level, "must be " + level.allowed());
  s.level = *parsed;
  const ConfigKey& format = key("log.format");
  const auto parsed_format = parse_log_format(values.string(format));
  if (!parsed_format) values.fail(format, "must be " + format.allowed());
  s.format = *parsed_format;
  return s;
}

ServiceConfig load_all(const ConfigValues& values) {
  ServiceConfig config;
  config.geetest = load_geetest(values);
  config.server = load_server(values);
  config.bypass = load_bypass(values);
  config.store = load_store(values);
  config.offline = load_offline(values);
  config.page = load_page(values);
  config.monitor = load_monitor(values);
  config.log = load_log(values);
  return config;
}

}  // namespace

std::optional<std::string> process_env(std::string_view name) {
  const char* value = std::getenv(std::string(name).c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

Result<ServiceConfig> load_config(const ConfigSources& sources) {
  try {
    const ConfigValues values(sources);
    return load_all(values);
  } catch (const ConfigError& e) {
    return Error{Reason::kBadConfig, e.message};
  }
}

Result<ConfigDraft> load_config_draft(const ConfigSources& sources) {
  try {
    const ConfigValues values(sources, ConfigValues::MissingKeys::kAreListed);
    return ConfigDraft{load_all(values), values.missing()};
  } catch (const ConfigError& e) {
    return Error{Reason::kBadConfig, e.message};
  }
}

}  // namespace gt3::service
