// ReloadableService (tests only): a Service against the test cloud, started from a configuration
// file and the test flags, with the ConfigReloader that SIGHUP runs over the same sources, and a
// user. offline.secret is left out of the flags, so that the file decides it; rewrite() changes
// the file before a reload(), as an operator edits it before `systemctl reload`.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "service/config_reloader.h"
#include "testing/config_sources.h"
#include "testing/service_support.h"
#include "testing/temp_file.h"

namespace gt3::testing {

class ReloadableService {
 public:
  ReloadableService(TestCloud& cloud, const std::string& file_text, Flags more_flags = {})
      : file_(file_text, ".toml") {
    Flags flags;
    for (auto& flag : service_flags(cloud, std::move(more_flags))) {
      if (flag.first != "offline.secret") flags.push_back(std::move(flag));
    }
    sources_ = config_sources({}, std::move(flags), file_.path());
    auto config = service::load_config(sources_);
    if (!config) {
      ADD_FAILURE() << config.error().detail;
      return;
    }
    service_ = std::make_unique<Service>(std::move(*config));
    const auto started = service_->start();
    EXPECT_TRUE(started.has_value());
    reloader_ = std::make_unique<service::ConfigReloader>(sources_, *service_);
    user_ = std::make_unique<TestUser>(service_->port());
  }
  ~ReloadableService() {
    if (service_) service_->stop();
  }

  void rewrite(const std::string& file_text) {
    std::ofstream(file_.path(), std::ios::trunc) << file_text;
  }
  Result<std::vector<std::string>> reload() { return reloader_->reload(); }

  Service& service() { return *service_; }
  TestUser& user() { return *user_; }

  // An offline challenge from /register (the service must be offline).
  std::string offline_challenge() {
    const auto json = user_->get("/register").json();
    EXPECT_EQ(json.value("success", -1), 0) << json.dump();
    return json.value("challenge", "");
  }
  // /validate of an offline challenge with the fields GeeTest's offline widget posts (compat).
  Answer validate_offline(const std::string& challenge) {
    return user_->validate(challenge, "offline-validate", "offline|jordan");
  }
  double metric_value(const std::string& series) {
    return metric(user_->get("/metrics").body, series);
  }

 private:
  TempFile file_;
  service::ConfigSources sources_;
  std::unique_ptr<Service> service_;
  std::unique_ptr<service::ConfigReloader> reloader_;
  std::unique_ptr<TestUser> user_;
};

// The [offline] section of a file with these secrets.
inline std::string offline_secrets_file(std::string_view secret,
                                        const std::vector<std::string_view>& previous = {}) {
  std::string text = "[offline]\nsecret = \"" + std::string(secret) + "\"\nprevious_secrets = [";
  for (std::size_t i = 0; i < previous.size(); ++i) {
    text += (i ? ", \"" : "\"") + std::string(previous[i]) + "\"";
  }
  return text + "]\n";
}

}  // namespace gt3::testing
