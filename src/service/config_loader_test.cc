// load_config reading its three sources: the documented defaults, every key from a file, flag
// over environment over file over default, value spellings and the defaults that depend on
// other keys. What it says about bad configurations is in config_errors_test.cc.
#include "service/config_loader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/config_sources.h"
#include "testing/temp_file.h"

namespace gt3::service {
namespace {

using testing::config_sources;
using testing::kConfigCaptchaId;
using testing::load_error;
using testing::load_ok;
using testing::required_flags;
using testing::TempFile;

TEST(LoadConfig, DefaultsAreTheDocumentedOnes) {
  const ServiceConfig c = load_ok(config_sources({}, required_flags()));
  const ServiceConfig d;
  EXPECT_EQ(c.geetest.client.captcha_id, kConfigCaptchaId);
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
  EXPECT_EQ(c.page.widget_url, d.page.widget_url);
  EXPECT_EQ(c.page.gt_js_url, "https://static.geetest.com/static/js/gt.0.4.9.js");
  EXPECT_EQ(c.page.online_widget, OnlineWidget::kAuto);
  EXPECT_EQ(c.monitor.listen, d.monitor.listen);
  EXPECT_TRUE(c.monitor.listen.empty()) << "monitor serves nothing unless asked";
  EXPECT_EQ(c.log.level, d.log.level);
  EXPECT_EQ(c.log.format, d.log.format);
  EXPECT_EQ(c.log.format, LogFormat::kText);
}

TEST(LoadConfig, GtJsUrlIsAPathOnThisSiteOrAnHttpUrl) {
  for (const std::string url : {"/static/gt.js", "/vendor/geetest/gt.js?v=0.4.9",
                                "https://cdn.example.com/gt.js", "http://127.0.0.1:9000/gt.js"}) {
    EXPECT_EQ(load_ok(config_sources({}, required_flags({{"page.gt_js_url", url}}))).page.gt_js_url,
              url);
  }
  EXPECT_EQ(load_ok(config_sources({{"GT3_PAGE_ONLINE_WIDGET", "gt3-widget"}}, required_flags()))
                .page.online_widget,
            OnlineWidget::kGt3Widget);
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
)",
                      ".toml");
  const ServiceConfig c = load_ok(config_sources({}, {}, file.path()));
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
  EXPECT_EQ(c.offline.policy, gt3::OfflinePolicy::kDeny);
  EXPECT_EQ(c.offline.secret.reveal(), "a-secret-of-sixteen-bytes");
  EXPECT_FALSE(c.offline.secret_generated);
  EXPECT_EQ(c.offline.online_fallback, OnlineFallback::kReject);
  EXPECT_EQ(c.log.level, LogLevel::kDebug);
}

TEST(LoadConfig, FlagBeatsEnvironmentBeatsFileBeatsDefault) {
  const TempFile file("[server]\nthreads = 3\nmax_body_bytes = 2048\nshutdown_grace_ms = 1\n",
                      ".toml");
  const ServiceConfig c =
      load_ok(config_sources({{"GT3_SERVER_THREADS", "5"}, {"GT3_SERVER_MAX_BODY_BYTES", "4096"}},
                             required_flags({{"server.threads", "7"}}), file.path()));
  EXPECT_EQ(c.server.threads, 7);                    // flag
  EXPECT_EQ(c.server.max_body_bytes, 4096u);         // environment
  EXPECT_EQ(c.server.shutdown_grace.count(), 1);     // file
  EXPECT_EQ(c.geetest.client.timeout.count(), 800);  // default
}

TEST(LoadConfig, LaterFlagWins) {
  const ServiceConfig c = load_ok(
      config_sources({}, required_flags({{"server.threads", "2"}, {"server.threads", "9"}})));
  EXPECT_EQ(c.server.threads, 9);
}

TEST(LoadConfig, EnvironmentAloneIsEnough) {
  const ServiceConfig c = load_ok(config_sources({{"GT3_GEETEST_ID", "abc"},
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
    EXPECT_EQ(load_ok(config_sources({}, required_flags({{"server.access_log", text}})))
                  .server.access_log,
              value)
        << text;
  }
  EXPECT_NE(load_error(config_sources({}, required_flags({{"server.access_log", "maybe"}})))
                .find("is not a boolean"),
            std::string::npos);
}

TEST(LoadConfig, RateLimitDefaultDependsOnThePolicy) {
  EXPECT_EQ(load_ok(config_sources({}, required_flags())).offline.rate_limit_per_minute, 0);
  EXPECT_EQ(load_ok(config_sources({}, required_flags({{"offline.policy", "pow"}})))
                .offline.rate_limit_per_minute,
            60);
  EXPECT_EQ(load_ok(config_sources({}, required_flags({{"offline.policy", "pow"},
                                                       {"offline.rate_limit_per_minute", "0"}})))
                .offline.rate_limit_per_minute,
            0);
}

TEST(LoadConfig, RateLimitIpv6PrefixIsReadAndBounded) {
  EXPECT_EQ(load_ok(config_sources({}, required_flags())).offline.rate_limit_ipv6_prefix, 64);
  EXPECT_EQ(
      load_ok(config_sources({{"GT3_OFFLINE_RATE_LIMIT_IPV6_PREFIX", "48"}}, required_flags()))
          .offline.rate_limit_ipv6_prefix,
      48);
  EXPECT_EQ(
      load_error(config_sources({}, required_flags({{"offline.rate_limit_ipv6_prefix", "16"}}))),
      "offline.rate_limit_ipv6_prefix = 16 (from --offline.rate_limit_ipv6_prefix) is out of "
      "range: it must be an integer from 32 to 128");
}

TEST(LoadConfig, UnsetOfflineSecretIsGeneratedAndFlagged) {
  const ServiceConfig a = load_ok(config_sources({}, required_flags()));
  const ServiceConfig b = load_ok(config_sources({}, required_flags()));
  EXPECT_TRUE(a.offline.secret_generated);
  EXPECT_EQ(a.offline.secret.reveal().size(), 32u);
  EXPECT_NE(a.offline.secret, b.offline.secret);
}

TEST(LoadConfig, FileTextIsReadInsteadOfTheFileAndNamedByIt) {
  ConfigSources s = config_sources({}, {}, "/nonexistent/named.toml");
  s.file_text = "[geetest]\nid = \"" + std::string(kConfigCaptchaId) +
                "\"\nkey = \"k3y\"\n[server]\nthreads = 3\n";
  const ServiceConfig c = load_ok(s);
  EXPECT_EQ(c.server.threads, 3);
  EXPECT_EQ(c.geetest.client.private_key.reveal(), "k3y");

  s.file_text = "[server]\nthreads = = 4\n";
  EXPECT_EQ(load_error(s).rfind("/nonexistent/named.toml:2:", 0), 0u) << load_error(s);
}

}  // namespace
}  // namespace gt3::service
