// ServiceConfig: the configuration of `gt3-bypass serve` (docs/design.md section 7) as typed
// values.
//
// Plain data, filled and validated once at start-up by load_config (config_loader.h) from the file,
// the environment and the flags; the defaults here are the documented defaults (config_keys.cc
// holds the same defaults as text for the docs, and a test keeps the two equal). Nothing past
// start-up reads raw configuration strings: every value here has been checked.
//
// Secrets (geetest key, admin token, offline secret, Redis password) are gt3::Secret, so printing
// one by mistake shows "***". A value type; thread-compatible.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bypass/health_checker.h"
#include "bypass/redis_status_store.h"
#include "gt3/bypass_options.h"
#include "gt3/geetest_client.h"
#include "gt3/secret.h"
#include "gt3/bypass_options.h"
#include "service/trusted_proxies.h"

namespace gt3::service {

enum class StoreKind { kMemory, kRedis };
std::string_view store_kind_name(StoreKind kind);  // "memory", "redis"
std::optional<StoreKind> parse_store_kind(std::string_view name);

// The names spdlog uses for these levels, except that kWarn is "warn" and kError "error".
enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError, kOff };
std::string_view log_level_name(LogLevel level);  // "trace", "debug", "info", "warn", ...
std::optional<LogLevel> parse_log_level(std::string_view name);

// text: one line per event for people; json: one JSON object per line for log pipelines.
enum class LogFormat { kText, kJson };
std::string_view log_format_name(LogFormat format);  // "text", "json"
std::optional<LogFormat> parse_log_format(std::string_view name);

struct GeetestSettings {
  GeetestConfig client;  // [geetest] id, key, api_url, timeout_ms, digestmod
  std::string bypass_url{kDefaultBypassUrl};
};

struct ServerSettings {
  // Checked to be one of the forms http::ServerOptions::listen accepts: "ip:port",
  // "[ipv6]:port", "localhost:port", ":port" or "*:port" (every address); port 0 = a free one.
  std::string listen = "127.0.0.1:8080";
  int threads = 0;  // I/O threads; 0 = the number of cores
  TrustedProxies trusted_proxies;
  Secret admin_token;  // empty: /admin is disabled
  // Tokens /admin still accepts during a rotation; empty whenever admin_token is.
  std::vector<Secret> previous_admin_tokens;
  bool access_log = false;
  std::chrono::milliseconds shutdown_grace{5000};
  std::size_t max_body_bytes = 65536;
  std::size_t max_connections = 10000;
  std::chrono::milliseconds request_timeout{10000};
};

struct BypassSettings {
  BypassMode mode = BypassMode::kPoll;
  bypass::CheckerOptions checker;  // interval, timeout, jitter, thresholds
  std::chrono::milliseconds instant_cache{1000};
};

struct StoreSettings {
  StoreKind kind = StoreKind::kMemory;
  redis::RedisUrl redis_url;  // from store.redis_url; its password is always empty here...
  Secret redis_password;       // ...and lives here instead
  std::string status_key = "gt_server_bypass_status";
  std::string override_key = "gt3_bypass_override";
  std::string lease_key = "gt3_bypass_lease";
  std::string channel = "gt3_bypass_events";
  std::chrono::milliseconds lease{6000};

  // The options of a RedisStatusStore: the settings above, the password put back into the URL,
  // everything else (instance id, refresh, timeouts) at RedisStoreOptions' defaults.
  bypass::RedisStoreOptions redis_options() const;
};

struct OfflineSettings {
  gt3::OfflinePolicy policy = gt3::OfflinePolicy::kCompat;
  Secret secret;                  // HMAC key of offline challenges; never empty after loading
  bool secret_generated = false;  // true: offline.secret was unset and 32 random bytes were made
                                  // (the caller warns: a fleet must share one secret)
  std::vector<Secret> previous_secrets;  // verify but no longer sign (offline.previous_secrets)
  std::chrono::seconds challenge_ttl{300};
  int pow_difficulty = 17;  // leading zero bits (offline::kDefaultPowDifficulty)
  OnlineFallback online_fallback = OnlineFallback::kIssued;
  int rate_limit_per_minute = 0;  // per IP, offline attempts only; 0 = off (60 when policy = pow)
  int rate_limit_burst = 10;
  int rate_limit_ipv6_prefix = 64;       // IPv6 clients share a bucket per network of this length
  int rate_limit_max_clients = 100'000;  // buckets kept; the least recently used one goes first
  int ledger_max_entries = 1'000'000;    // claims the memory ledger keeps (25.5 bytes each)
};

// Which widget the login page starts for an online challenge (page.online_widget): GeeTest's
// gt.js, which solves against the real cloud, or ours, which solves through the simulator's
// /sim/solve; kAuto picks ours exactly when geetest.api_url is the simulator `demo` runs.
enum class OnlineWidget { kAuto, kGtJs, kGt3Widget };
std::string_view online_widget_name(OnlineWidget widget);  // "auto", "gt.js", "gt3-widget"
std::optional<OnlineWidget> parse_online_widget(std::string_view name);

inline constexpr std::string_view kDefaultGtJsUrl =
    "https://static.geetest.com/static/js/gt.0.4.9.js";

// The pages served at / and /status (web/): which widget scripts the login page loads, where our
// widget solves online puzzles, and where the files come from.
struct PageSettings {
  std::string widget_url = "/static/gt3-widget.js";  // ours: offline, and online on the simulator
  std::string gt_js_url{kDefaultGtJsUrl};            // GeeTest's: online on the real cloud
  OnlineWidget online_widget = OnlineWidget::kAuto;
  std::string api_server;  // empty: geetest.api_url
  std::string web_root;    // empty: the copy built into the program
};

// What `monitor` serves over HTTP (/healthz, /metrics): nothing unless an address is set.
struct MonitorSettings {
  std::string listen;  // empty: no listener; else a form server.listen accepts
};

struct LogSettings {
  LogLevel level = LogLevel::kInfo;
  LogFormat format = LogFormat::kText;
};

struct ServiceConfig {
  GeetestSettings geetest;
  ServerSettings server;
  BypassSettings bypass;
  StoreSettings store;
  OfflineSettings offline;
  PageSettings page;
  MonitorSettings monitor;
  LogSettings log;
};

// What the engine is built from: [geetest], [bypass], [store] and [offline] as the public
// BypassOptions (the same defaults; a test keeps them equal).
BypassOptions bypass_options(const ServiceConfig& config);

}  // namespace gt3::service
