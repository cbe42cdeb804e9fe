// Configuration test support (tests only): ConfigSources made of a map for the environment,
// flags as (key, value) pairs and an optional file path, and the loader's outcome as a test
// wants it: the config, or the error's sentence. Plain functions, no shared state.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "service/config_loader.h"

namespace gt3::testing {

using ConfigFlags = std::vector<std::pair<std::string, std::string>>;
using ConfigEnv = std::map<std::string, std::string>;

inline constexpr std::string_view kConfigCaptchaId = "0123456789abcdef0123456789abcdef";

inline service::ConfigSources config_sources(ConfigEnv env = {}, ConfigFlags flags = {},
                                             std::optional<std::string> file = {}) {
  service::ConfigSources s;
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
inline ConfigFlags required_flags(ConfigFlags more = {}) {
  ConfigFlags flags{{"geetest.id", std::string(kConfigCaptchaId)},
                    {"geetest.key", "k3y-0123456789abcdef"}};
  flags.insert(flags.end(), more.begin(), more.end());
  return flags;
}

// The loaded config; a failure of the test (and a default config) when it does not load.
inline service::ServiceConfig load_ok(const service::ConfigSources& s) {
  auto config = service::load_config(s);
  EXPECT_TRUE(config.has_value()) << config.error().detail;
  return config.has_value() ? *config : service::ServiceConfig{};
}

// The error's detail, which must be kBadConfig; "(loaded)" when the config loads.
inline std::string load_error(const service::ConfigSources& s) {
  const auto config = service::load_config(s);
  if (config.has_value()) return "(loaded)";
  EXPECT_EQ(config.error().reason, Reason::kBadConfig);
  return config.error().detail;
}

}  // namespace gt3::testing
