// ConfigKey: the table of every configuration key of `serve`, once (docs/design.md section 7).
//
// The flags (--<section>.<key>), the environment names (GT3_<SECTION>_<KEY>), --print-config, the
// example file and docs/configuration.md are all checked against or made from this table, so a
// key added here is a key everywhere. The names are a public interface: never rename one.
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
  bool required = false;
  // Inclusive bounds of an integer or a float; what a string may be for an enumeration.
  std::optional<double> min;
  std::optional<double> max;
  std::vector<std::string_view> choices;

  std::string dotted() const;    // "geetest.timeout_ms"
  std::string env_name() const;  // "GT3_GEETEST_TIMEOUT_MS"
  std::string flag() const;      // "--geetest.timeout_ms"
  bool has_fixed_default() const { return !default_text.starts_with('('); }
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
