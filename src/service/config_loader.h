// load_config: the configuration of `serve` from its three sources, validated once at start-up.
//
// Precedence, per key: a flag beats the environment, which beats the file, which beats the
// default (config_keys.cc). Environment names are GT3_<SECTION>_<KEY>; an array from the
// environment or a flag is comma-separated; a boolean is true/false/1/0/yes/no.
//
// The first problem stops loading with one Error{Reason::kBadConfig, message}; the message names
// the key, where its value came from (file:line:column, environment variable, flag), the value
// (or *** for a secret) and what is allowed, e.g.
//   bypass.timeout_ms = 3000 (from GT3_BYPASS_TIMEOUT_MS) must be below bypass.interval_ms = 2000
// Problems: an unreadable file, a TOML syntax error, an unknown section or key in the file, an
// unknown flag, a value of the wrong type, out of range, not one of the allowed names, a bad URL
// or address, a missing required key. Environment variables that are not keys are ignored (there
// is no way to tell a typo from a variable meant for something else).
//
// With sources.command set, only the keys that command reads (ConfigKey::read_by) are read: the
// others keep their defaults (or the command's own value), are required by nobody, and a file
// key of theirs is accepted unread, since one file serves serve, demo and monitor alike. A flag of
// a key the command does not read is an error.
//
// An unset offline.secret is replaced by 32 random bytes and offline.secret_generated is set,
// so the caller can warn that a fleet must share one. Thread-safe (no shared state).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gt3/result.h"
#include "service/config.h"
#include "service/config_keys.h"

namespace gt3::service {

struct ConfigSources {
  std::optional<std::string> file;  // path of the TOML file
  // The environment: the value of a variable, or nullopt when it is not set. Empty: no variables.
  std::function<std::optional<std::string>(std::string_view name)> env;
  // ("section.key", value as typed); of two values of one key, the later one wins.
  std::vector<std::pair<std::string, std::string>> flags;
  // The file's text when the caller has it already: read instead of the file, which then only
  // names it in messages (e.g. "file.toml:3:7").
  std::optional<std::string> file_text{};
  // The command whose keys are read; nullopt: every key (tests, and programs that embed the
  // service, load that way).
  std::optional<ConfigCommand> command{};
  // ("section.key", value as typed) that the command sets itself (demo: its simulator's id and
  // URLs, a faster probe). For a key the command reads it replaces the table's default, and every
  // source still beats it; a key the command does not read takes it as it is.
  std::vector<std::pair<std::string, std::string>> command_values{};
};

// What --print-config shows: the configuration as far as it goes, and the required keys that no
// source sets ("geetest.id"), which load_config would stop at.
struct ConfigDraft {
  ServiceConfig config;  // a missing key's value is empty
  std::vector<std::string> missing;
};

// The process environment, through getenv.
std::optional<std::string> process_env(std::string_view name);

Result<ServiceConfig> load_config(const ConfigSources& sources);

// As load_config, except that a missing required key is listed in ConfigDraft::missing instead
// of stopping the load; every other problem (a bad value, an unknown key) still stops it.
Result<ConfigDraft> load_config_draft(const ConfigSources& sources);

}  // namespace gt3::service
