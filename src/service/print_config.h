// print_config: the effective configuration as a TOML file (`serve --print-config`), every key of
// config_keys() in its section, so it can be read, diffed, or saved and edited as a config file.
//
// Secrets are never printed: a set secret is "***" and the password inside store.redis_url is
// masked the same way; an empty one is "" with a comment saying it is unset (or, for
// offline.secret, that a random one was generated). Pure function; thread-safe.
#pragma once

#include <string>

#include "service/config.h"

namespace gt3::service {

std::string print_config(const ServiceConfig& config);

// store.redis_url as a URL, the password (if any) shown as "***".
std::string masked_redis_url(const redis::RedisUrl& url, const Secret& password);

}  // namespace gt3::service
