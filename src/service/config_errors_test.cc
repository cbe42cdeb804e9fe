// load_config refusing a configuration: each error names the key, the value (never a secret's),
// where it came from (flag, environment variable, file:line:column) and what would be accepted.
#include <gtest/gtest.h>

#include <string>

#include "service/config_loader.h"
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

TEST(LoadConfig, MissingRequiredKeySaysHowToSetIt) {
  EXPECT_EQ(load_error(config_sources({}, {{"geetest.key", "k"}})),
            "geetest.id is required: set id under [geetest] in the config file, GT3_GEETEST_ID "
            "in the environment, or --geetest.id on the command line");
  EXPECT_NE(load_error(config_sources({}, {{"geetest.id", "i"}})).find("geetest.key is required"),
            std::string::npos);
}

TEST(LoadConfig, CrossKeyErrorNamesTheSources) {
  EXPECT_EQ(load_error(config_sources({{"GT3_BYPASS_TIMEOUT_MS", "3000"}}, required_flags())),
            "bypass.timeout_ms = 3000 (from GT3_BYPASS_TIMEOUT_MS) must be below "
            "bypass.interval_ms = 2000 (default), so that probes never overlap");
}

TEST(LoadConfig, OutOfRangeNamesKeyValueSourceAndRange) {
  EXPECT_EQ(load_error(config_sources({}, required_flags({{"geetest.timeout_ms", "0"}}))),
            "geetest.timeout_ms = 0 (from --geetest.timeout_ms) is out of range: it must be an "
            "integer from 1 to 60000");
  EXPECT_EQ(load_error(config_sources({{"GT3_BYPASS_JITTER", "0.9"}}, required_flags())),
            "bypass.jitter = 0.9 (from GT3_BYPASS_JITTER) is out of range: it must be a number "
            "from 0 to 0.5");
}

TEST(LoadConfig, UnparseableNumberIsNamed) {
  EXPECT_EQ(load_error(config_sources({{"GT3_SERVER_THREADS", "four"}}, required_flags())),
            "server.threads = \"four\" (from GT3_SERVER_THREADS) is not an integer: it must be an "
            "integer from 0 to 256");
}

TEST(LoadConfig, WrongTomlTypeGivesThePosition) {
  const TempFile file("[server]\nthreads = \"4\"\n", ".toml");
  EXPECT_EQ(load_error(config_sources({}, required_flags(), file.path())),
            "server.threads = \"4\" (from " + file.path() +
                ":2:11) must be an integer, not a string; it must be an integer from 0 to 256");
  const TempFile array("[server]\ntrusted_proxies = \"10.0.0.1\"\n", ".toml");
  EXPECT_NE(load_error(config_sources({}, required_flags(), array.path()))
                .find("must be an array of strings"),
            std::string::npos);
  const TempFile text("[geetest]\nid = 42\n", ".toml");
  EXPECT_NE(load_error(config_sources({}, {{"geetest.key", "k"}}, text.path()))
                .find("geetest.id = 42 (from " + text.path() + ":2:6) must be a string"),
            std::string::npos);
}

TEST(LoadConfig, BadEnumValueListsTheChoices) {
  EXPECT_EQ(load_error(config_sources({}, required_flags({{"offline.policy", "strict"}}))),
            "offline.policy = \"strict\" (from --offline.policy) must be one of compat, pow, "
            "none, deny");
  EXPECT_NE(load_error(config_sources({{"GT3_GEETEST_DIGESTMOD", "sha1"}}, required_flags()))
                .find("must be one of md5, sha256, hmac-sha256"),
            std::string::npos);
}

TEST(LoadConfig, UnknownSectionAndKeyAreRejectedWithASuggestion) {
  const TempFile section("[geetest]\nid = \"x\"\n\n[sever]\nlisten = \":0\"\n", ".toml");
  EXPECT_EQ(load_error(config_sources({}, {}, section.path())),
            section.path() +
                ":4:2: unknown section [sever] (did you mean [server]?); the sections are "
                "geetest, server, bypass, store, offline, page, monitor, log");
  const TempFile key("[server]\nlisten = \":0\"\nthread = 2\n", ".toml");
  EXPECT_EQ(load_error(config_sources({}, required_flags(), key.path())),
            key.path() +
                ":3:1: unknown key server.thread (did you mean server.threads?); "
                "gt3.example.toml lists every key");
  const TempFile array("[[server]]\nthreads = 2\n", ".toml");
  EXPECT_NE(load_error(config_sources({}, required_flags(), array.path()))
                .find(":1:3: server must be a section, written [server]"),
            std::string::npos);
  const TempFile outside("id = \"x\"\n", ".toml");
  EXPECT_NE(load_error(config_sources({}, required_flags(), outside.path()))
                .find(":1:1: id is outside any section (did you mean id under [geetest]?)"),
            std::string::npos);
}

TEST(LoadConfig, UnknownFlagIsRejectedButUnknownEnvironmentIsIgnored) {
  EXPECT_EQ(load_error(config_sources({}, required_flags({{"server.listn", ":0"}}))),
            "unknown flag --server.listn (did you mean --server.listen?); run with --help for "
            "every flag");
  load_ok(config_sources({{"GT3_SERVER_LISTN", ":0"}}, required_flags()));
}

TEST(LoadConfig, TomlSyntaxErrorGivesThePosition) {
  const TempFile file("[server]\nthreads = = 4\n", ".toml");
  const std::string error = load_error(config_sources({}, required_flags(), file.path()));
  EXPECT_EQ(error.rfind(file.path() + ":2:", 0), 0u) << error;
  EXPECT_NE(error.find("TOML syntax error"), std::string::npos) << error;
}

TEST(LoadConfig, UnreadableFileIsNamed) {
  EXPECT_EQ(load_error(config_sources({}, required_flags(), "/nonexistent/gt3.toml")),
            "cannot read the config file /nonexistent/gt3.toml: No such file or directory; "
            "check the path given to --config");
}

TEST(LoadConfig, BadUrlsAreNamed) {
  EXPECT_EQ(load_error(
                config_sources({}, required_flags({{"geetest.api_url", "ftp://api.geetest.com"}}))),
            "geetest.api_url = \"ftp://api.geetest.com\" (from --geetest.api_url) must start "
            "with http:// or https://");
  EXPECT_NE(load_error(config_sources({}, required_flags({{"geetest.bypass_url", "not a url"}})))
                .find("geetest.bypass_url = \"not a url\""),
            std::string::npos);
}

TEST(LoadConfig, BadGtJsUrlSaysWhatToGive) {
  EXPECT_EQ(load_error(config_sources({}, required_flags({{"page.gt_js_url", "javascript:x()"}}))),
            "page.gt_js_url = \"javascript:x()\" (from --page.gt_js_url) must start with http:// "
            "or https://; give GeeTest's https://static.geetest.com/static/js/gt.0.4.9.js, or the "
            "path of a copy this site serves, such as /static/gt.js");
  for (const std::string url : {"", "//cdn.example.com/gt.js", "static/gt.js", "https:///gt.js",
                                "https://user:pw@cdn.example.com/gt.js"}) {
    EXPECT_NE(load_error(config_sources({}, required_flags({{"page.gt_js_url", url}})))
                  .find("page.gt_js_url = \"" + url + "\""),
              std::string::npos)
        << url;
  }
  EXPECT_EQ(load_error(config_sources({}, required_flags({{"page.online_widget", "geetest"}}))),
            "page.online_widget = \"geetest\" (from --page.online_widget) must be one of auto, "
            "gt.js, gt3-widget");
}

TEST(LoadConfig, BadListenAddressIsNamed) {
  for (const std::string listen : {"127.0.0.1", "example.com:80", "1.2.3.4:70000", "::1:80"}) {
    EXPECT_NE(load_error(config_sources({}, required_flags({{"server.listen", listen}})))
                  .find("server.listen = \"" + listen + "\" (from --server.listen)"),
              std::string::npos)
        << listen;
  }
  for (const std::string listen : {":0", "*:8080", "localhost:1", "[::]:80", "0.0.0.0:443"}) {
    EXPECT_EQ(
        load_ok(config_sources({}, required_flags({{"server.listen", listen}}))).server.listen,
        listen);
  }
}

TEST(LoadConfig, BadLogFormatIsNamed) {
  EXPECT_EQ(load_error(config_sources({{"GT3_LOG_FORMAT", "xml"}}, required_flags())),
            "log.format = \"xml\" (from GT3_LOG_FORMAT) must be one of text, json");
  EXPECT_EQ(load_ok(config_sources({}, required_flags({{"log.format", "json"}}))).log.format,
            LogFormat::kJson);
}

TEST(LoadConfig, BadMonitorListenAddressIsNamed) {
  EXPECT_NE(load_error(config_sources({}, required_flags({{"monitor.listen", "127.0.0.1"}})))
                .find("monitor.listen = \"127.0.0.1\" (from --monitor.listen)"),
            std::string::npos);
  EXPECT_EQ(load_ok(config_sources({}, required_flags({{"monitor.listen", "127.0.0.1:0"}})))
                .monitor.listen,
            "127.0.0.1:0");
}

TEST(LoadConfig, BadTrustedProxyIsNamed) {
  EXPECT_NE(load_error(config_sources({{"GT3_SERVER_TRUSTED_PROXIES", "10.0.0.1,proxy.local"}},
                                      required_flags()))
                .find("\"proxy.local\" is not an IP address or network"),
            std::string::npos);
}

TEST(LoadConfig, SecretsAreNeverShownInErrors) {
  const std::string token =
      load_error(config_sources({}, required_flags({{"server.admin_token", "short1"}})));
  EXPECT_EQ(token,
            "server.admin_token = *** (from --server.admin_token) is too short: an admin token "
            "must have at least 16 characters (or be empty to disable /admin)");
  const std::string secret =
      load_error(config_sources({{"GT3_OFFLINE_SECRET", "tiny-secret"}}, required_flags()));
  EXPECT_NE(secret.find("offline.secret = ***"), std::string::npos) << secret;
  EXPECT_EQ(secret.find("tiny-secret"), std::string::npos) << secret;
  const std::string key =
      load_error(config_sources({}, {{"geetest.id", "x"}, {"geetest.key", "a b"}}));
  EXPECT_NE(key.find("geetest.key = ***"), std::string::npos) << key;
}

TEST(LoadConfig, RedisPasswordIsNeverShownInErrors) {
  const std::string error = load_error(
      config_sources({}, required_flags({{"store.redis_url", "redis://:s3cr3t@host:99999/0"}})));
  EXPECT_NE(error.find("store.redis_url = \"redis://:***@host:99999/0\""), std::string::npos)
      << error;
  EXPECT_NE(error.find("port"), std::string::npos) << error;
  EXPECT_EQ(error.find("s3cr3t"), std::string::npos) << error;
}

TEST(LoadConfig, EmptyStoreKeyIsNamed) {
  EXPECT_EQ(load_error(config_sources({}, required_flags({{"store.channel", ""}}))),
            "store.channel = \"\" (from --store.channel) must not be empty or hold spaces");
}

TEST(LoadConfig, WhitespaceInTheCaptchaIdIsRejected) {
  EXPECT_EQ(load_error(config_sources({}, required_flags({{"geetest.id", "abc def"}}))),
            "geetest.id = \"abc def\" (from --geetest.id) must be the captcha id from the GeeTest "
            "console: not empty, no spaces");
}

}  // namespace
}  // namespace gt3::service
