#include "service/config_keys.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace gt3::service {
namespace {

using enum KeyType;
using enum ConfigCommand;

// The commands that read the keys of each section, unless a key says otherwise with read_by().
// A new section needs a line here: without one its keys are read by no command (a test fails).
struct SectionReaders {
  std::string_view section;
  std::vector<ConfigCommand> commands;
};
const std::vector<SectionReaders>& section_readers() {
  static const std::vector<SectionReaders> readers{
      {"geetest", {kServe, kDemo}},  // demo supplies the id, key and URLs of its simulator
      {"server", {kServe, kDemo}},   // monitor answers no HTTP requests
      {"bypass", {kServe, kDemo, kMonitor}},
      {"store", {kServe, kMonitor}},  // demo always keeps the status in memory
      {"offline", {kServe, kDemo}},   // monitor hands out no challenges
      {"page", {kServe, kDemo}},
      {"log", {kServe, kDemo, kMonitor}},
      {"monitor", {kMonitor}},  // the monitor's own keys
  };
  return readers;
}

ConfigKey key(std::string_view section, std::string_view name, KeyType type,
              std::string_view default_text, std::string_view help) {
  ConfigKey k;
  k.section = section;
  k.name = name;
  k.type = type;
  k.default_text = default_text;
  k.help = help;
  return k;
}

ConfigKey ranged(ConfigKey k, double min, double max) {
  k.min = min;
  k.max = max;
  return k;
}

ConfigKey one_of(ConfigKey k, std::vector<std::string_view> choices) {
  k.choices = std::move(choices);
  return k;
}

ConfigKey secret(ConfigKey k) {
  k.secret = true;
  return k;
}

ConfigKey required(ConfigKey k) {
  k.required = true;
  return k;
}

// A key read by other commands than the rest of its section (section_readers()).
ConfigKey read_by(ConfigKey k, std::vector<ConfigCommand> commands) {
  k.read_by = std::move(commands);
  return k;
}

// The section's readers for every key that names none itself.
std::vector<ConfigKey> with_readers(std::vector<ConfigKey> keys) {
  for (ConfigKey& k : keys) {
    if (!k.read_by.empty()) continue;
    for (const SectionReaders& entry : section_readers()) {
      if (entry.section == k.section) k.read_by = entry.commands;
    }
  }
  return keys;
}

std::vector<ConfigKey> make_keys() {
  return with_readers({
      read_by(required(key("geetest", "id", kString, "(required)",
                           "captcha id (gt) from the GeeTest console")),
              {kServe, kMonitor}),
      read_by(secret(required(key("geetest", "key", kString, "(required)",
                                  "private key from the GeeTest console"))),
              {kServe}),
      read_by(key("geetest", "api_url", kString, "\"http://api.geetest.com\"",
                  "base URL of register.php and validate.php (http or https)"),
              {kServe}),
      read_by(key("geetest", "bypass_url", kString,
                  "\"http://bypass.geetest.com/v1/bypass_status.php\"",
                  "availability (ByPass) endpoint (http or https)"),
              {kServe, kMonitor}),
      ranged(key("geetest", "timeout_ms", kInteger, "800",
                 "deadline of one register or validate call to the cloud"),
             1, 60000),
      one_of(key("geetest", "digestmod", kString, "\"md5\"",
                 "md5, sha256 or hmac-sha256: the challenge digest when a request names none"),
             {"md5", "sha256", "hmac-sha256"}),

      key("server", "listen", kString, "\"127.0.0.1:8080\"",
          "address:port to serve on; \":port\" is every address, port 0 picks a free one"),
      ranged(key("server", "threads", kInteger, "0", "I/O threads; 0 = the number of cores"), 0,
             256),
      key("server", "trusted_proxies", kStringArray, "[]",
          "IPs or CIDR networks of proxies whose X-Forwarded-For is believed"),
      secret(key("server", "admin_token", kString, "\"\"",
                 "bearer token of /admin (at least 16 characters); empty disables /admin")),
      secret(key("server", "previous_admin_tokens", kStringArray, "[]",
                 "tokens /admin still accepts while a new server.admin_token rolls out (at most "
                 "4, each at least 16 characters)")),
      key("server", "access_log", kBoolean, "false", "log one line per request"),
      ranged(key("server", "shutdown_grace_ms", kInteger, "5000",
                 "how long in-flight requests may finish after SIGTERM"),
             0, 600000),
      ranged(key("server", "max_body_bytes", kInteger, "65536",
                 "largest request body accepted; larger ones are answered 413"),
             1024, 10485760),
      ranged(key("server", "max_connections", kInteger, "10000",
                 "open client connections at most; at the cap a newcomer replaces the connection "
                 "that has waited longest for a request; lowered at start to fit the descriptor "
                 "limit"),
             1, 1000000),
      ranged(key("server", "request_timeout_ms", kInteger, "10000",
                 "time a connection has to send its first request, and a request to arrive "
                 "whole (else 408)"),
             100, 600000),

      one_of(key("bypass", "mode", kString, "\"poll\"",
                 "poll (Method 1), instant (Method 2) or failback (legacy, no endpoint)"),
             {"poll", "instant", "failback"}),
      ranged(key("bypass", "interval_ms", kInteger, "2000", "probe period"), 100, 3600000),
      ranged(key("bypass", "timeout_ms", kInteger, "800",
                 "probe deadline; must be below bypass.interval_ms"),
             1, 60000),
      ranged(key("bypass", "jitter", kFloat, "0.1",
                 "random spread of the probe period, as a fraction of it"),
             0, 0.5),
      ranged(
          key("bypass", "unhealthy_threshold", kInteger, "2", "consecutive failures to go offline"),
          1, 100),
      ranged(key("bypass", "healthy_threshold", kInteger, "2",
                 "consecutive successes to go back online"),
             1, 100),
      read_by(ranged(key("bypass", "instant_cache_ms", kInteger, "1000",
                         "how long an instant check's answer is reused (mode instant, fleet "
                         "fallback)"),
                     0, 600000),
              {kServe, kDemo}),

      one_of(key("store", "kind", kString, "\"memory\"",
                 "memory (one process) or redis (a fleet shares status, override and lease)"),
             {"memory", "redis"}),
      key("store", "redis_url", kString, "\"redis://127.0.0.1:6379/0\"",
          "redis://[:password@]host[:port][/db]; the password is never shown"),
      key("store", "status_key", kString, "\"gt_server_bypass_status\"",
          "Redis key holding success/fail (the official demos' key)"),
      key("store", "override_key", kString, "\"gt3_bypass_override\"",
          "Redis key holding the manual override"),
      key("store", "lease_key", kString, "\"gt3_bypass_lease\"",
          "Redis key of the poller lease (one poller per fleet)"),
      key("store", "channel", kString, "\"gt3_bypass_events\"",
          "Redis channel on which status changes are published"),
      ranged(key("store", "lease_ms", kInteger, "6000",
                 "lifetime of the poller lease; another instance takes over within it"),
             2000, 600000),

      one_of(key("offline", "policy", kString, "\"compat\"",
                 "what /validate accepts offline: compat, pow, none (anything) or deny"),
             {"compat", "pow", "none", "deny"}),
      secret(key("offline", "secret", kString, "\"\"",
                 "HMAC secret of offline challenges (at least 16 bytes; a fleet must share it); "
                 "empty = random per process")),
      secret(key("offline", "previous_secrets", kStringArray, "[]",
                 "secrets that no longer sign offline challenges but still verify them, so that "
                 "those signed before a rotation pass until they expire (at most 4, each at "
                 "least 16 bytes)")),
      ranged(key("offline", "challenge_ttl_s", kInteger, "300",
                 "lifetime of an offline challenge, in seconds"),
             10, 3600),
      ranged(key("offline", "pow_difficulty", kInteger, "17",
                 "leading zero bits of a proof of work (policy pow)"),
             1, 32),
      one_of(key("offline", "online_fallback", kString, "\"issued\"",
                 "an online challenge when the cloud is unreachable: issued (accept once if "
                 "issued here and fresh) or reject"),
             {"issued", "reject"}),
      ranged(key("offline", "rate_limit_per_minute", kInteger,
                 "(0, or 60 when offline.policy = \"pow\")",
                 "offline attempts per minute per client IP; 0 = no limit"),
             0, 100000),
      ranged(key("offline", "rate_limit_burst", kInteger, "10",
                 "offline attempts a client IP may make at once"),
             1, 10000),
      ranged(key("offline", "rate_limit_ipv6_prefix", kInteger, "64",
                 "IPv6 clients share one rate-limit bucket per network of this prefix length"),
             32, 128),
      ranged(key("offline", "rate_limit_max_clients", kInteger, "100000",
                 "rate-limit buckets kept in memory (about 110-140 bytes each); when full the "
                 "least recently used one is dropped, never a newcomer refused"),
             16, 100000000),
      ranged(key("offline", "ledger_max_entries", kInteger, "1000000",
                 "single-use claims the memory ledger keeps (about 26 bytes each); when full the "
                 "oldest are forgotten and only challenges as old are refused"),
             64, 1000000000),

      key("page", "widget_url", kString, "\"/static/gt3-widget.js\"",
          "our widget's script: the login page starts it for offline challenges, and for online "
          "ones when the cloud is the simulator"),
      key("page", "gt_js_url", kString, "\"https://static.geetest.com/static/js/gt.0.4.9.js\"",
          "GeeTest's gt.js, which the login page starts for online challenges against the real "
          "cloud: GeeTest's URL, or a path or URL where the site serves its own copy"),
      one_of(key("page", "online_widget", kString, "\"auto\"",
                 "widget of online challenges: gt.js, gt3-widget (solves through the simulator's "
                 "/sim/solve) or auto (gt3-widget when geetest.api_url is demo's own simulator)"),
             {"auto", "gt.js", "gt3-widget"}),
      key("page", "api_server", kString, "\"\"",
          "base URL our widget solves online puzzles against; empty = geetest.api_url"),
      key("page", "web_root", kString, "\"\"",
          "serve the pages from this folder instead of the copy built into the program"),

      key("monitor", "listen", kString, "\"\"",
          "address:port on which `monitor` serves /healthz and /metrics; empty = none"),

      one_of(key("log", "level", kString, "\"info\"", "trace, debug, info, warn, error or off"),
             {"trace", "debug", "info", "warn", "error", "off"}),
      one_of(key("log", "format", kString, "\"text\"",
                 "text (a line per event, for people) or json (an object per line, for log "
                 "pipelines)"),
             {"text", "json"}),
  });
}

std::string number_text(double value) {
  if (value == std::floor(value)) return std::to_string(static_cast<long long>(value));
  std::string text = std::to_string(value);
  while (text.back() == '0') text.pop_back();
  return text;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string_view key_type_name(KeyType type) {
  switch (type) {
    case kString:
      return "string";
    case kInteger:
      return "integer";
    case kFloat:
      return "float";
    case kBoolean:
      return "boolean";
    case kStringArray:
      return "array of strings";
  }
  return "?";
}

std::string_view config_command_name(ConfigCommand command) {
  switch (command) {
    case kServe:
      return "serve";
    case kDemo:
      return "demo";
    case kMonitor:
      return "monitor";
  }
  return "?";
}

bool ConfigKey::is_read_by(ConfigCommand command) const {
  return std::find(read_by.begin(), read_by.end(), command) != read_by.end();
}

std::string ConfigKey::readers() const {
  std::string text;
  for (std::size_t i = 0; i < read_by.size(); ++i) {
    if (i > 0) text += i + 1 == read_by.size() ? " and " : ", ";
    text += config_command_name(read_by[i]);
  }
  return text;
}

std::string ConfigKey::read_elsewhere(std::string_view command) const {
  return std::string(command) + " does not read " + dotted() + "; " + readers() +
         (read_by.size() == 1 ? " does" : " do");
}

std::string ConfigKey::dotted() const { return std::string(section) + "." + std::string(name); }

std::string ConfigKey::env_name() const {
  std::string env = "GT3_" + std::string(section) + "_" + std::string(name);
  for (char& c : env) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return env;
}

std::string ConfigKey::flag() const { return "--" + dotted(); }

std::string ConfigKey::allowed() const {
  if (!choices.empty()) {
    std::string text = "one of ";
    for (std::size_t i = 0; i < choices.size(); ++i) {
      text += (i == 0 ? "" : ", ") + std::string(choices[i]);
    }
    return text;
  }
  std::string text = type == kInteger ? "an integer" : type == kFloat ? "a number" : "";
  if (text.empty()) {
    return type == kBoolean ? "true or false" : "a " + std::string(key_type_name(type));
  }
  if (min && max) text += " from " + number_text(*min) + " to " + number_text(*max);
  return text;
}

const std::vector<ConfigKey>& config_keys() {
  static const std::vector<ConfigKey> keys = make_keys();
  return keys;
}

const std::vector<std::string_view>& config_sections() {
  static const std::vector<std::string_view> sections = [] {
    std::vector<std::string_view> names;
    for (const ConfigKey& k : config_keys()) {
      if (std::find(names.begin(), names.end(), k.section) == names.end()) {
        names.push_back(k.section);
      }
    }
    return names;
  }();
  return sections;
}

const ConfigKey* find_config_key(std::string_view section, std::string_view name) {
  for (const ConfigKey& k : config_keys()) {
    if (k.section == section && k.name == name) return &k;
  }
  return nullptr;
}

const ConfigKey* find_config_key(std::string_view dotted) {
  const std::size_t dot = dotted.find('.');
  if (dot == std::string_view::npos) return nullptr;
  return find_config_key(dotted.substr(0, dot), dotted.substr(dot + 1));
}

std::string closest_name(std::string_view typed, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, typed.size() / 4) + 1;
  for (const std::string& name : known) {
    const std::size_t distance = edit_distance(typed, name);
    if (distance < best_distance) {
      best = name;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace gt3::service
