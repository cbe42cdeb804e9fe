#include "service/config_loader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

namespace gt3::service {
namespace {

using Flags = std::vector<std::pair<std::string, std::string>>;
using Env = std::map<std::string, std::string>;

constexpr std::string_view kId = "0123456789abcdef0123456789abcdef";

// A config file in a temporary directory, removed at the end of the test.
class TempFile {
 public:
  explicit TempFile(std::string_view content) {
    path_ =
        std::filesystem::temp_directory_path() / ("gt3_config_test_" + std::to_string(::getpid()) +
                                                  "_" + std::to_string(counter_++) + ".toml");
    std::ofstream(path_) << content;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

ConfigSources sources(Env env = {}, Flags flags = {}, std::optional<std::string> file = {}) {
  ConfigSources s;
  s.file = std::move(file);
  s.env = [env = std::move(env)](std::string_view name) -> std::optional<std::string> {
    const auto it = env.find(std::string(name));
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  s.flags = std::move(flags);
  return s;
}

// The two required keys, from flags, plus whatever else.
Flags required(Flags more = {}) {
  Flags flags{{"geetest.id", std::string(kId)}, {"geetest.key", "k3y-0123456789abcdef"}};
  flags.insert(flags.end(), more.begin(), more.end());
  return flags;
}

ServiceConfig load_ok(const ConfigSources& s) {
  auto config = load_config(s);
  EXPECT_TRUE(config.has_value()) << config.error().detail;
  return config.has_value() ? *config : ServiceConfig{};
}

std::string load_error(const ConfigSources& s) {
  const auto config = load_config(s);
  if (config.has_value()) return "(loaded)";
  EXPECT_EQ(config.error().reason, Reason::kBadConfig);
  return config.error().detail;
}

TEST(LoadConfig, DefaultsAreTheDocumentedOnes) {
  const ServiceConfig c = load_ok(sources({}, required()));
  const ServiceConfig d;
  EXPECT_EQ(c.geetest.client.captcha_id, kId);
  EXPECT_EQ(c.geetest.client.private_key.reveal(), "k3y-0123456789abcdef");
  EXPECT_EQ(c.geetest.client.api_url, d.geetest.client.api_url);
  EXPECT_EQ(c.geetest.bypass_url, d.geetest.bypass_url);
  EXPECT_EQ(c.geetest.client.timeout, d.geetest.client.timeout);
  EXPECT_EQ(c.geetest.client.digestmod, d.geetest.client.digestmod);
  EXPECT_EQ(c.server.listen, d.server.listen);
  EXPECT_EQ(c.server.threads, d.server.threads);
  EXPECT_TRUE(c.server.trusted_proxies.empty());
  EXPECT_TRUE(c.server.admin_token.empty());
  EXPECT_EQ(c.server.access_log, d.server.access_log);
  EXPECT_EQ(c.server.shutdown_grace, d.server.shutdown_grace);
  EXPECT_EQ(c.server.max_body_bytes, d.server.max_body_bytes);
  EXPECT_EQ(c.server.max_connections, d.server.max_connections);
  EXPECT_EQ(c.server.request_timeout, d.server.request_timeout);
  EXPECT_EQ(c.bypass.mode, d.bypass.mode);
  EXPECT_EQ(c.bypass.checker.interval, d.bypass.checker.interval);
  EXPECT_EQ(c.bypass.checker.timeout, d.bypass.checker.timeout);
  EXPECT_DOUBLE_EQ(c.bypass.checker.jitter, d.bypass.checker.jitter);
  EXPECT_EQ(c.bypass.checker.thresholds.unhealthy, d.bypass.checker.thresholds.unhealthy);
  EXPECT_EQ(c.bypass.checker.thresholds.healthy, d.bypass.checker.thresholds.healthy);
  EXPECT_EQ(c.bypass.instant_cache, d.bypass.instant_cache);
  EXPECT_EQ(c.store.kind, d.store.kind);
  EXPECT_EQ(c.store.redis_url.host, d.store.redis_url.host);
  EXPECT_EQ(c.store.redis_url.port, d.store.redis_url.port);
  EXPECT_EQ(c.store.redis_url.db, d.store.redis_url.db);
  EXPECT_TRUE(c.store.redis_password.empty());
  EXPECT_EQ(c.store.status_key, d.store.status_key);
  EXPECT_EQ(c.store.override_key, d.store.override_key);
  EXPECT_EQ(c.store.lease_key, d.store.lease_key);
  EXPECT_EQ(c.store.channel, d.store.channel);
  EXPECT_EQ(c.store.lease, d.store.lease);
  EXPECT_EQ(c.offline.policy, d.offline.policy);
  EXPECT_EQ(c.offline.challenge_ttl, d.offline.challenge_ttl);
  EXPECT_EQ(c.offline.pow_difficulty, d.offline.pow_difficulty);
  EXPECT_EQ(c.offline.online_fallback, d.offline.online_fallback);
  EXPECT_EQ(c.offline.rate_limit_per_minute, d.offline.rate_limit_per_minute);
  EXPECT_EQ(c.offline.rate_limit_burst, d.offline.rate_limit_burst);
  EXPECT_EQ(c.offline.rate_limit_ipv6_prefix, d.offline.rate_limit_ipv6_prefix);
  EXPECT_EQ(c.log.level, d.log.level);
}

TEST(LoadConfig, FileValuesAreRead) {
  const TempFile file(R"(
[geetest]
id = "0123456789abcdef0123456789abcdef"
key = "fedcba9876543210fedcba9876543210"
api_url = "https://api.example.com/"
digestmod = "hmac-sha256"
[server]
listen = "[::1]:0"
threads = 4
trusted_proxies = ["10.0.0.0/8", "::1"]
admin_token = "0123456789abcdef0"
access_log = true
[bypass]
mode = "instant"
jitter = 0
[store]
kind = "redis"
redis_url = "redis://:pa55@redis.internal:6380/3"
[offline]
policy = "deny"
secret = "a-secret-of-sixteen-bytes"
online_fallback = "reject"
[log]
level = "debug"
)");
  const ServiceConfig c = load_ok(sources({}, {}, file.path()));
  EXPECT_EQ(c.geetest.client.private_key.reveal(), "fedcba9876543210fedcba9876543210");
  EXPECT_EQ(c.geetest.client.api_url, "https://api.example.com/");
  EXPECT_EQ(c.geetest.client.digestmod, DigestMod::kHmacSha256);
  EXPECT_EQ(c.server.listen, "[::1]:0");
  EXPECT_EQ(c.server.threads, 4);
  EXPECT_TRUE(c.server.trusted_proxies.contains("10.1.1.1"));
  EXPECT_EQ(c.server.admin_token.reveal(), "0123456789abcdef0");
  EXPECT_TRUE(c.server.access_log);
  EXPECT_EQ(c.bypass.mode, BypassMode::kInstant);
  EXPECT_EQ(c.bypass.checker.jitter, 0.0);  // an integer where a float is expected is fine
  EXPECT_EQ(c.store.kind, StoreKind::kRedis);
  EXPECT_EQ(c.store.redis_url.host, "redis.internal");
  EXPECT_EQ(c.store.redis_url.port, 6380);
  EXPECT_EQ(c.store.redis_url.db, 3);
  EXPECT_EQ(c.store.redis_url.password, "");
  EXPECT_EQ(c.store.redis_password.reveal(), "pa55");
  EXPECT_EQ(c.offline.policy, offline::OfflinePolicy::kDeny);
  EXPECT_EQ(c.offline.secret.reveal(), "a-secret-of-sixteen-bytes");
  EXPECT_FALSE(c.offline.secret_generated);
  EXPECT_EQ(c.offline.online_fallback, OnlineFallback::kReject);
  EXPECT_EQ(c.log.level, LogLevel::kDebug);
}

TEST(LoadConfig, FlagBeatsEnvironmentBeatsFileBeatsDefault) {
  const TempFile file("[server]\nthreads = 3\nmax_body_bytes = 2048\nshutdown_grace_ms = 1\n");
  const ServiceConfig c =
      load_ok(sources({{"GT3_SERVER_THREADS", "5"}, {"GT3_SERVER_MAX_BODY_BYTES", "4096"}},
                      required({{"server.threads", "7"}}), file.path()));
  EXPECT_EQ(c.server.threads, 7);                    // flag
  EXPECT_EQ(c.server.max_body_bytes, 4096u);         // environment
  EXPECT_EQ(c.server.shutdown_grace.count(), 1);     // file
  EXPECT_EQ(c.geetest.client.timeout.count(), 800);  // default
}

TEST(LoadConfig, LaterFlagWins) {
  const ServiceConfig c =
      load_ok(sources({}, required({{"server.threads", "2"}, {"server.threads", "9"}})));
  EXPECT_EQ(c.server.threads, 9);
}

TEST(LoadConfig, EnvironmentAloneIsEnough) {
  const ServiceConfig c = load_ok(sources({{"GT3_GEETEST_ID", "abc"},
                                           {"GT3_GEETEST_KEY", "def"},
                                           {"GT3_SERVER_TRUSTED_PROXIES", "10.0.0.1, ::1,"},
                                           {"GT3_SERVER_ACCESS_LOG", "yes"},
                                           {"GT3_BYPASS_JITTER", "0.25"},
                                           {"GT3_OFFLINE_RATE_LIMIT_PER_MINUTE", "30"}}));
  EXPECT_EQ(c.geetest.client.captcha_id, "abc");
  EXPECT_EQ(c.server.trusted_proxies.entries(), (std::vector<std::string>{"10.0.0.1", "::1"}));
  EXPECT_TRUE(c.server.access_log);
  EXPECT_DOUBLE_EQ(c.bypass.checker.jitter, 0.25);
  EXPECT_EQ(c.offline.rate_limit_per_minute, 30);
}

TEST(LoadConfig, BooleansAcceptTheUsualSpellings) {
  for (const auto& [text, value] : std::vector<std::pair<std::string, bool>>{{"true", true},
                                                                             {"1", true},
                                                                             {"YES", true},
                                                                             {"false", false},
                                                                             {"0", false},
                                                                             {"no", false}}) {
    EXPECT_EQ(load_ok(sources({}, required({{"server.access_log", text}}))).server.access_log,
              value)
        << text;
  }
  EXPECT_NE(
      load_error(sources({}, required({{"server.access_log", "maybe"}}))).find("is not a boolean"),
      std::string::npos);
}

TEST(LoadConfig, RateLimitDefaultDependsOnThePolicy) {
  EXPECT_EQ(load_ok(sources({}, required())).offline.rate_limit_per_minute, 0);
  EXPECT_EQ(
      load_ok(sources({}, required({{"offline.policy", "pow"}}))).offline.rate_limit_per_minute,
      60);
  EXPECT_EQ(load_ok(sources({}, required({{"offline.policy", "pow"},
                                          {"offline.rate_limit_per_minute", "0"}})))
                .offline.rate_limit_per_minute,
            0);
}

TEST(LoadConfig, RateLimitIpv6PrefixIsReadAndBounded) {
  EXPECT_EQ(load_ok(sources({}, required())).offline.rate_limit_ipv6_prefix, 64);
  EXPECT_EQ(load_ok(sources({{"GT3_OFFLINE_RATE_LIMIT_IPV6_PREFIX", "48"}}, required()))
                .offline.rate_limit_ipv6_prefix,
            48);
  EXPECT_EQ(load_error(sources({}, required({{"offline.rate_limit_ipv6_prefix", "16"}}))),
            "offline.rate_limit_ipv6_prefix = 16 (from --offline.rate_limit_ipv6_prefix) is out of "
            "range: it must be an integer from 32 to 128");
}

TEST(LoadConfig, UnsetOfflineSecretIsGeneratedAndFlagged) {
  const ServiceConfig a = load_ok(sources({}, required()));
  const ServiceConfig b = load_ok(sources({}, required()));
  EXPECT_TRUE(a.offline.secret_generated);
  EXPECT_EQ(a.offline.secret.reveal().size(), 32u);
  EXPECT_NE(a.offline.secret, b.offline.secret);
}

TEST(LoadConfig, MissingRequiredKeySaysHowToSetIt) {
  EXPECT_EQ(load_error(sources({}, {{"geetest.key", "k"}})),
            "geetest.id is required: set id under [geetest] in the config file, GT3_GEETEST_ID "
            "in the environment, or --geetest.id on the command line");
  EXPECT_NE(load_error(sources({}, {{"geetest.id", "i"}})).find("geetest.key is required"),
            std::string::npos);
}

TEST(LoadConfig, CrossKeyErrorNamesTheSources) {
  EXPECT_EQ(load_error(sources({{"GT3_BYPASS_TIMEOUT_MS", "3000"}}, required())),
            "bypass.timeout_ms = 3000 (from GT3_BYPASS_TIMEOUT_MS) must be below "
            "bypass.interval_ms = 2000 (default), so that probes never overlap");
}

TEST(LoadConfig, OutOfRangeNamesKeyValueSourceAndRange) {
  EXPECT_EQ(load_error(sources({}, required({{"geetest.timeout_ms", "0"}}))),
            "geetest.timeout_ms = 0 (from --geetest.timeout_ms) is out of range: it must be an "
            "integer from 1 to 60000");
  EXPECT_EQ(load_error(sources({{"GT3_BYPASS_JITTER", "0.9"}}, required())),
            "bypass.jitter = 0.9 (from GT3_BYPASS_JITTER) is out of range: it must be a number "
            "from 0 to 0.5");
}

TEST(LoadConfig, UnparseableNumberIsNamed) {
  EXPECT_EQ(load_error(sources({{"GT3_SERVER_THREADS", "four"}}, required())),
            "server.threads = \"four\" (from GT3_SERVER_THREADS) is not an integer: it must be an "
            "integer from 0 to 256");
}

TEST(LoadConfig, WrongTomlTypeGivesThePosition) {
  const TempFile file("[server]\nthreads = \"4\"\n");
  EXPECT_EQ(load_error(sources({}, required(), file.path())),
            "server.threads = \"4\" (from " + file.path() +
                ":2:11) must be an integer, not a string; it must be an integer from 0 to 256");
  const TempFile array("[server]\ntrusted_proxies = \"10.0.0.1\"\n");
  EXPECT_NE(load_error(sources({}, required(), array.path())).find("must be an array of strings"),
            std::string::npos);
  const TempFile text("[geetest]\nid = 42\n");
  EXPECT_NE(load_error(sources({}, {{"geetest.key", "k"}}, text.path()))
                .find("geetest.id = 42 (from " + text.path() + ":2:6) must be a string"),
            std::string::npos);
}

TEST(LoadConfig, BadEnumValueListsTheChoices) {
  EXPECT_EQ(load_error(sources({}, required({{"offline.policy", "strict"}}))),
            "offline.policy = \"strict\" (from --offline.policy) must be one of compat, pow, "
            "none, deny");
  EXPECT_NE(load_error(sources({{"GT3_GEETEST_DIGESTMOD", "sha1"}}, required()))
                .find("must be one of md5, sha256, hmac-sha256"),
            std::string::npos);
}

TEST(LoadConfig, UnknownSectionAndKeyAreRejectedWithASuggestion) {
  const TempFile section("[geetest]\nid = \"x\"\n\n[sever]\nlisten = \":0\"\n");
  EXPECT_EQ(load_error(sources({}, {}, section.path())),
            section.path() +
                ":4:2: unknown section [sever] (did you mean [server]?); the sections are "
                "geetest, server, bypass, store, offline, page, log");
  const TempFile key("[server]\nlisten = \":0\"\nthread = 2\n");
  EXPECT_EQ(load_error(sources({}, required(), key.path())),
            key.path() +
                ":3:1: unknown key server.thread (did you mean server.threads?); "
                "gt3.example.toml lists every key");
  const TempFile array("[[server]]\nthreads = 2\n");
  EXPECT_NE(load_error(sources({}, required(), array.path()))
                .find(":1:3: server must be a section, written [server]"),
            std::string::npos);
  const TempFile outside("id = \"x\"\n");
  EXPECT_NE(load_error(sources({}, required(), outside.path()))
                .find(":1:1: id is outside any section (did you mean id under [geetest]?)"),
            std::string::npos);
}

TEST(LoadConfig, UnknownFlagIsRejectedButUnknownEnvironmentIsIgnored) {
  EXPECT_EQ(load_error(sources({}, required({{"server.listn", ":0"}}))),
            "unknown flag --server.listn (did you mean --server.listen?); run with --help for "
            "every flag");
  load_ok(sources({{"GT3_SERVER_LISTN", ":0"}}, required()));
}

TEST(LoadConfig, TomlSyntaxErrorGivesThePosition) {
  const TempFile file("[server]\nthreads = = 4\n");
  const std::string error = load_error(sources({}, required(), file.path()));
  EXPECT_EQ(error.rfind(file.path() + ":2:", 0), 0u) << error;
  EXPECT_NE(error.find("TOML syntax error"), std::string::npos) << error;
}

TEST(LoadConfig, FileTextIsReadInsteadOfTheFileAndNamedByIt) {
  ConfigSources s = sources({}, {}, "/nonexistent/named.toml");
  s.file_text =
      "[geetest]\nid = \"" + std::string(kId) + "\"\nkey = \"k3y\"\n[server]\nthreads = 3\n";
  const ServiceConfig c = load_ok(s);
  EXPECT_EQ(c.server.threads, 3);
  EXPECT_EQ(c.geetest.client.private_key.reveal(), "k3y");

  s.file_text = "[server]\nthreads = = 4\n";
  EXPECT_EQ(load_error(s).rfind("/nonexistent/named.toml:2:", 0), 0u) << load_error(s);
}

TEST(LoadConfig, UnreadableFileIsNamed) {
  EXPECT_EQ(load_error(sources({}, required(), "/nonexistent/gt3.toml")),
            "cannot read the config file /nonexistent/gt3.toml: No such file or directory; "
            "check the path given to --config");
}

TEST(LoadConfig, BadUrlsAreNamed) {
  EXPECT_EQ(load_error(sources({}, required({{"geetest.api_url", "ftp://api.geetest.com"}}))),
            "geetest.api_url = \"ftp://api.geetest.com\" (from --geetest.api_url) must start "
            "with http:// or https://");
  EXPECT_NE(load_error(sources({}, required({{"geetest.bypass_url", "not a url"}})))
                .find("geetest.bypass_url = \"not a url\""),
            std::string::npos);
}

TEST(LoadConfig, BadListenAddressIsNamed) {
  for (const std::string listen : {"127.0.0.1", "example.com:80", "1.2.3.4:70000", "::1:80"}) {
    EXPECT_NE(load_error(sources({}, required({{"server.listen", listen}})))
                  .find("server.listen = \"" + listen + "\" (from --server.listen)"),
              std::string::npos)
        << listen;
  }
  for (const std::string listen : {":0", "*:8080", "localhost:1", "[::]:80", "0.0.0.0:443"}) {
    EXPECT_EQ(load_ok(sources({}, required({{"server.listen", listen}}))).server.listen, listen);
  }
}

TEST(LoadConfig, BadTrustedProxyIsNamed) {
  EXPECT_NE(
      load_error(sources({{"GT3_SERVER_TRUSTED_PROXIES", "10.0.0.1,proxy.local"}}, required()))
          .find("\"proxy.local\" is not an IP address or network"),
      std::string::npos);
}

TEST(LoadConfig, SecretsAreNeverShownInErrors) {
  const std::string token = load_error(sources({}, required({{"server.admin_token", "short1"}})));
  EXPECT_EQ(token,
            "server.admin_token = *** (from --server.admin_token) is too short: an admin token "
            "must have at least 16 characters (or be empty to disable /admin)");
  const std::string secret =
      load_error(sources({{"GT3_OFFLINE_SECRET", "tiny-secret"}}, required()));
  EXPECT_NE(secret.find("offline.secret = ***"), std::string::npos) << secret;
  EXPECT_EQ(secret.find("tiny-secret"), std::string::npos) << secret;
  const std::string key = load_error(sources({}, {{"geetest.id", "x"}, {"geetest.key", "a b"}}));
  EXPECT_NE(key.find("geetest.key = ***"), std::string::npos) << key;
}

TEST(LoadConfig, RedisPasswordIsNeverShownInErrors) {
  const std::string error =
      load_error(sources({}, required({{"store.redis_url", "redis://:s3cr3t@host:99999/0"}})));
  EXPECT_NE(error.find("store.redis_url = \"redis://:***@host:99999/0\""), std::string::npos)
      << error;
  EXPECT_NE(error.find("port"), std::string::npos) << error;
  EXPECT_EQ(error.find("s3cr3t"), std::string::npos) << error;
}

TEST(LoadConfig, EmptyStoreKeyIsNamed) {
  EXPECT_EQ(load_error(sources({}, required({{"store.channel", ""}}))),
            "store.channel = \"\" (from --store.channel) must not be empty or hold spaces");
}

TEST(LoadConfig, WhitespaceInTheCaptchaIdIsRejected) {
  EXPECT_EQ(load_error(sources({}, required({{"geetest.id", "abc def"}}))),
            "geetest.id = \"abc def\" (from --geetest.id) must be the captcha id from the GeeTest "
            "console: not empty, no spaces");
}

}  // namespace
}  // namespace gt3::service
