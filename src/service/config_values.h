// ConfigValues: the raw value of every configuration key, taken from the source that wins
// (flag, then environment, then file, then the command's own value, then the default in
// config_keys.cc), and read as the key's type. A key the command does not read takes only the
// command's own value or the default. Internal to load_config: the rest of the program sees only
// ServiceConfig.
//
// Every problem is thrown as a ConfigError whose message is the one load_config returns; the
// exception never leaves load_config. Not thread-safe; short-lived.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "service/config_keys.h"
#include "service/config_loader.h"

namespace gt3::service {

struct ConfigError {
  std::string message;
};

class ConfigValues {
 public:
  // What reading a required key that no source sets does.
  enum class MissingKeys { kStopTheLoad, kAreListed };

  // Reads the file and checks that every section, key and flag is known.
  explicit ConfigValues(const ConfigSources& sources,
                        MissingKeys missing_keys = MissingKeys::kStopTheLoad);
  ConfigValues(const ConfigValues&) = delete;  // raws_ point into file_ and defaults_
  ConfigValues& operator=(const ConfigValues&) = delete;

  // True when a source, not a default, gave the value.
  bool is_set(const ConfigKey& key) const;
  // False for a required key that no source sets, when that does not stop the load: the command
  // does not read the key, or missing keys are listed. Its value then reads as empty.
  bool has_value(const ConfigKey& key) const;
  // The required keys the command reads and no source sets ("geetest.id"), when they are listed.
  std::vector<std::string> missing() const;
  // "file.toml:3:7", "GT3_BYPASS_TIMEOUT_MS", "--bypass.timeout_ms" or "default".
  std::string origin(const ConfigKey& key) const;

  // The value as the key's type; a wrong type, or a missing required value, is thrown.
  std::string string(const ConfigKey& key) const;
  std::int64_t integer(const ConfigKey& key) const;  // also checked against key.min/max
  double number(const ConfigKey& key) const;         // also checked against key.min/max
  bool boolean(const ConfigKey& key) const;
  std::vector<std::string> strings(const ConfigKey& key) const;

  // "<key> = <value> (from <origin>)", or "(default)"; a secret's value shows as "***".
  std::string described(const ConfigKey& key) const;

  // Throws "<key> = <value> (from <origin>) <problem>".
  [[noreturn]] void fail(const ConfigKey& key, std::string_view problem) const;

 private:
  struct Raw {
    // kCommand: the command's own value (ConfigSources::command_values); kMissing: a required key
    // that no source sets.
    enum class Kind { kDefault, kCommand, kFile, kEnv, kFlag, kMissing } kind = Kind::kDefault;
    std::string where;                 // origin()
    const toml::node* node = nullptr;  // kDefault, kFile
    std::string text;                  // kCommand, kEnv, kFlag
  };

  const Raw& raw(const ConfigKey& key) const;
  bool reads(const ConfigKey& key) const;
  // True when the key has no value (has_value() is false); throws when that stops the load.
  bool absent(const ConfigKey& key) const;
  std::string shown(const ConfigKey& key) const;
  void read_file(const std::string& path);
  // The file's TOML text, named `path` in messages; read_file() reads the file and calls it.
  void read_text(std::string_view text, const std::string& path);

  std::optional<ConfigCommand> command_;
  MissingKeys missing_keys_;
  toml::table file_;
  toml::table defaults_;
  std::map<std::string, Raw> raws_;  // by dotted name
};

}  // namespace gt3::service
