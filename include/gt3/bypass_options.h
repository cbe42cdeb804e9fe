// BypassOptions: everything a BypassCaptcha (gt3/bypass_captcha.h) is built from, as plain data:
// the GeeTest account and endpoints, how availability is known, where a fleet shares its state,
// and what offline answers accept. The defaults are the documented defaults of `gt3-bypass serve`
// (docs/configuration.md names each field's key there).
//
// check_options() says which field is wrong and why, without throwing; BypassCaptcha's
// constructor runs it and throws std::invalid_argument with the same text. A value type;
// thread-compatible. Secrets are gt3::Secret: printing one shows "***".
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gt3/geetest_client.h"
#include "gt3/secret.h"

namespace gt3 {

// How availability is known (docs/design.md section 2).
enum class BypassMode {
  kPoll,      // a poller (one per fleet) probes the availability endpoint every interval
  kInstant,   // no poller: one shared probe when a request needs it, its answer cached
  kFailback,  // no availability endpoint: every register tries the cloud, a failure answers offline
};
std::string_view bypass_mode_name(BypassMode mode);                  // "poll", "instant", "failback"
std::optional<BypassMode> parse_bypass_mode(std::string_view name);  // nullopt for other names

// What validation accepts for an offline challenge (docs/design.md section 4).
enum class OfflinePolicy {
  kCompat,  // the three fields non-blank and a fresh, unused challenge we signed: GeeTest's widget
  kPow,     // a proof of work on the signed challenge: a real cost to bots; needs our widget
  kNone,    // anything, while offline: availability above all
  kDeny,    // nothing: security above all
};
std::string_view offline_policy_name(OfflinePolicy policy);  // "compat", "pow", "none", "deny"
std::optional<OfflinePolicy> parse_offline_policy(std::string_view name);

// What validation does with an online challenge while the cloud cannot be asked.
enum class OnlineFallback {
  kIssued,  // accept once a fresh challenge this service handed out (policies compat and none)
  kReject,
};
std::string_view online_fallback_name(OnlineFallback fallback);  // "issued", "reject"
std::optional<OnlineFallback> parse_online_fallback(std::string_view name);

inline constexpr std::string_view kDefaultBypassUrl =
    "http://bypass.geetest.com/v1/bypass_status.php";

// The availability probes of poll mode (and the one probe of instant mode).
struct ProbeOptions {
  std::chrono::milliseconds interval{2000};  // from the start of one probe to the next
  std::chrono::milliseconds timeout{800};    // of one probe; below interval
  double jitter = 0.1;                       // +- this fraction of interval, in [0, 1)
  int unhealthy_threshold = 2;               // consecutive failures that mean offline
  int healthy_threshold = 2;                 // consecutive successes that mean online again
};

// A fleet's shared state in Redis: the status, the override, the poller's lease, the change
// channel (and the single-use ledger of offline challenges).
struct RedisOptions {
  std::string url{"redis://127.0.0.1:6379/0"};  // redis://host[:port][/db]
  Secret password;  // AUTH; set it here rather than in `url`, which logs and errors may show
  std::string status_key = "gt_server_bypass_status";
  std::string override_key = "gt3_bypass_override";
  std::string lease_key = "gt3_bypass_lease";
  std::string channel = "gt3_bypass_events";
  std::chrono::milliseconds lease{6000};  // how long the poller's lease lasts unrenewed
};

struct OfflineOptions {
  OfflinePolicy policy = OfflinePolicy::kCompat;
  Secret secret;  // HMAC key of offline challenges, at least 16 bytes; a fleet shares one
  std::chrono::seconds challenge_ttl{300};
  int pow_difficulty = 17;  // leading zero bits, 1-32
  OnlineFallback online_fallback = OnlineFallback::kIssued;
  // Offline attempts per minute per client address; 0 = off. Unset: 60 under kPow (whose puzzle
  // is worth nothing without a limit on how often it is tried), off otherwise, as in serve.
  std::optional<int> rate_limit_per_minute;
  int rate_limit_burst = 10;
  int rate_limit_ipv6_prefix = 64;       // IPv6 clients share a bucket per network of this length
  int rate_limit_max_clients = 100'000;  // buckets kept; the least recently used one goes first
  int ledger_max_entries = 1'000'000;    // claims a memory ledger keeps (25.5 bytes each)
  // Secrets that no longer sign but still verify, so that challenges signed before a rotation
  // pass until they expire (docs/operations.md, "Rotate"): at most 4, each of 16 bytes or more,
  // none equal to `secret` or to another.
  std::vector<Secret> previous_secrets;
};

struct BypassOptions {
  GeetestConfig geetest;  // id, key, api_url, timeout, digestmod
  std::string bypass_url{kDefaultBypassUrl};
  BypassMode mode = BypassMode::kPoll;
  ProbeOptions probe;
  std::chrono::milliseconds instant_cache{1000};  // instant mode: how long one answer is reused
  std::optional<RedisOptions> redis;              // nullopt: this process alone, in memory
  OfflineOptions offline;
};

// Which field is wrong: `field` is its path in BypassOptions ("probe.timeout",
// "offline.secret"), `message` a sentence that names the field and the rule, never a secret.
struct OptionProblem {
  std::string field;
  std::string message;
};

// The offline rate limit under kPow when none is given.
inline constexpr int kPowRateLimitPerMinute = 60;

// The rate limit `offline` asks for: its own, or the default of its policy.
int rate_limit_per_minute(const OfflineOptions& offline);

// nullopt when `options` can run; otherwise the first problem found.
std::optional<OptionProblem> check_options(const BypassOptions& options);

}  // namespace gt3
