// ConfigKey: the table of every configuration key of `serve`, `demo` and `monitor`, once
// (docs/design.md section 7).
//
// The flags (--<section>.<key>), the environment names (GT3_<SECTION>_<KEY>), --print-config, the
// example file and docs/configuration.md are all checked against or made from this table, so a
// key added here is a key everywhere. The names are a public interface: never rename one.
//
// Each key also says which commands read it (read_by): only those take its flag, list it in
// --help and --print-config, and read it from the environment. A key's section decides by
// default (section_readers() in config_keys.cc); a key read by other commands than the rest of its
// section says so with read_by(key(...), {...}) in the table.
//
// Immutable static data; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gt3::service {

enum class KeyType { kString, kInteger, kFloat, kBoolean, kStringArray };

// The commands that read configuration keys (probe and cloudsim take flags of their own).
enum class ConfigCommand { kServe, kDemo, kMonitor };

// "serve", "demo", "monitor".
std::string_view config_command_name(ConfigCommand command);

// "string", "integer", "float", "boolean", "array of strings".
std::string_view key_type_name(KeyType type);

struct ConfigKey {
  std::string_view section;  // "geetest"
  std::string_view name;     // "timeout_ms"
  KeyType type = KeyType::kString;
  // The default as a TOML value ("800", "\"md5\"", "[]"), or, for a key without a fixed default,
  // a parenthesised description: "(required)", "(0, or 60 when offline.policy = \"pow\")".
  std::string_view default_text;
  std::string_view help;  // one line, for --help, docs/configuration.md and the example file
  bool secret = false;    // never shown: "***" in messages and in --print-config
  bool required = false;  // by every command that reads it
  // The commands that read the key, in the order serve, demo, monitor; empty for no command.
  std::vector<ConfigCommand> read_by;
  // Inclusive bounds of an integer or a float; what a string may be for an enumeration.
  std::optional<double> min;
  std::optional<double> max;
  std::vector<std::string_view> choices;

  std::string dotted() const;    // "geetest.timeout_ms"
  std::string env_name() const;  // "GT3_GEETEST_TIMEOUT_MS"
  std::string flag() const;      // "--geetest.timeout_ms"
  bool has_fixed_default() const { return !default_text.starts_with('('); }
  bool is_read_by(ConfigCommand command) const;
  // "serve and monitor", "serve, demo and monitor".
  std::string readers() const;
  // Why `command` has no flag of the key: "demo does not read geetest.key; serve does".
  std::string read_elsewhere(std::string_view command) const;
  // What a value may be, for messages and docs: "an integer from 1 to 60000", "one of md5, ...".
  std::string allowed() const;
};

// Every key, grouped by section in the order of docs/configuration.md.
const std::vector<ConfigKey>& config_keys();

// The sections in order: geetest, server, bypass, store, offline, log.
const std::vector<std::string_view>& config_sections();

// nullptr when there is no such key.
const ConfigKey* find_config_key(std::string_view section, std::string_view name);
const ConfigKey* find_config_key(std::string_view dotted);

// The closest known spelling of a mistyped name, when one is close (a typo or two), else "".
std::string closest_name(std::string_view typed, const std::vector<std::string>& known);

}  // namespace gt3::service
