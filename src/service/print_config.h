// print_config: the effective configuration as a TOML file (`serve --print-config`), every key the
// command reads (ConfigKey::read_by) in its section, so it can be read, diffed, or saved and
// edited as a config file.
//
// Secrets are never printed: a set secret is "***" and the password inside store.redis_url is
// masked the same way; an empty one is "" with a comment saying it is unset (or, for
// offline.secret, that a random one was generated). A required key that no source sets (listed in
// `missing`) shows as `id = <missing: required>` with how to set it, which no TOML parser takes:
// an incomplete configuration saved as a file fails to load instead of starting without the key.
// Pure function; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "service/config.h"
#include "service/config_keys.h"

namespace gt3::service {

// `missing`: dotted names ("geetest.id").
std::string print_config(const ServiceConfig& config, ConfigCommand command = ConfigCommand::kServe,
                         const std::vector<std::string>& missing = {});

// store.redis_url as a URL, the password (if any) shown as "***".
std::string masked_redis_url(const redis::RedisUrl& url, const Secret& password);

}  // namespace gt3::service
