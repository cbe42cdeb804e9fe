#include "service/config_values.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

#include "sdk/text.h"

namespace gt3::service {
namespace {

using Kind = KeyType;

std::string where_in(const std::string& path, const toml::source_region& region) {
  return path + ":" + std::to_string(region.begin.line) + ":" + std::to_string(region.begin.column);
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view toml_type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "a date or time";
  }
}

// "redis://:***@host:6379/0": the user information of a URL, which may hold a password, masked.
std::string mask_userinfo(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  const std::size_t start = scheme + 3;
  const std::size_t path = url.find('/', start);
  const std::size_t at = url.substr(0, path).rfind('@');
  if (at == std::string_view::npos || at < start) return std::string(url);
  return std::string(url.substr(0, start)) + ":" + std::string(kMaskedSecret) +
         std::string(url.substr(at));
}

// true/1/yes or false/0/no, in any case, around spaces; nullopt for anything else.
std::optional<bool> boolean_spelling(std::string_view typed) {
  const std::string text = lower(trim(typed, kAsciiSpaces));
  if (text == "true" || text == "1" || text == "yes") return true;
  if (text == "false" || text == "0" || text == "no") return false;
  return std::nullopt;
}

std::vector<std::string> dotted_names() {
  std::vector<std::string> names;
  for (const ConfigKey& k : config_keys()) names.push_back(k.dotted());
  return names;
}

std::string suggestion(std::string_view typed, const std::vector<std::string>& known,
                       std::string_view prefix = "", std::string_view suffix = "") {
  const std::string close = closest_name(typed, known);
  if (close.empty()) return "";
  return " (did you mean " + std::string(prefix) + close + std::string(suffix) + "?)";
}

}  // namespace

ConfigValues::ConfigValues(const ConfigSources& sources, MissingKeys missing_keys)
    : command_(sources.command), missing_keys_(missing_keys) {
  // Defaults first, parsed from the table's own text so the docs cannot drift from them.
  std::string default_file;
  for (const ConfigKey& k : config_keys()) {
    if (k.has_fixed_default()) {
      default_file += std::string(k.section) + "_" + std::string(k.name) + " = " +
                      std::string(k.default_text) + "\n";
    }
  }
  defaults_ = toml::parse(std::string_view(default_file), std::string_view("defaults"));
  for (const ConfigKey& k : config_keys()) {
    Raw& r = raws_[k.dotted()];
    r.kind = k.required ? Raw::Kind::kMissing : Raw::Kind::kDefault;
    r.where = k.required ? "" : "default";
    r.node = defaults_.get(std::string(k.section) + "_" + std::string(k.name));
  }

  for (const auto& [name, value] : sources.command_values) {
    const ConfigKey* k = find_config_key(name);
    if (k == nullptr) throw ConfigError{"the command sets an unknown key " + name};
    const std::string command(config_command_name(command_.value_or(ConfigCommand::kServe)));
    raws_[name] = Raw{Raw::Kind::kCommand,
                      reads(*k) ? "default of " + command : "set by " + command, nullptr, value};
  }

  if (sources.file_text) {
    read_text(*sources.file_text, sources.file.value_or("config text"));
  } else if (sources.file) {
    read_file(*sources.file);
  }

  if (sources.env) {
    for (const ConfigKey& k : config_keys()) {
      if (!reads(k)) continue;
      if (auto value = sources.env(k.env_name())) {
        raws_[k.dotted()] = Raw{Raw::Kind::kEnv, k.env_name(), nullptr, *std::move(value)};
      }
    }
  }

  for (const auto& [name, value] : sources.flags) {
    const ConfigKey* k = find_config_key(name);
    if (k == nullptr) {
      throw ConfigError{"unknown flag --" + name + suggestion(name, dotted_names(), "--") +
                        "; run with --help for every flag"};
    }
    if (!reads(*k)) {
      const std::string command(config_command_name(*command_));
      throw ConfigError{"--" + name + " is not a flag of " + command + ": " +
                        k->read_elsewhere(command)};
    }
    raws_[name] = Raw{Raw::Kind::kFlag, k->flag(), nullptr, value};
  }
}

void ConfigValues::read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ConfigError{"cannot read the config file " + path + ": " + std::strerror(errno) +
                      "; check the path given to --config"};
  }
  std::ostringstream content;
  content << in.rdbuf();
  read_text(content.str(), path);
}

void ConfigValues::read_text(std::string_view text, const std::string& path) {
  try {
    file_ = toml::parse(text, std::string_view(path));
  } catch (const toml::parse_error& e) {
    throw ConfigError{where_in(path, e.source()) +
                      ": TOML syntax error: " + std::string(e.description()) +
                      "; fix the file (gt3.example.toml shows the "
                      "syntax of every key)"};
  }

  std::vector<std::string> sections;
  for (std::string_view s : config_sections()) sections.emplace_back(s);
  for (const auto& [section_key, section_node] : file_) {
    const std::string section(section_key.str());
    const std::string at = where_in(path, section_key.source());
    const toml::table* table = section_node.as_table();
    const bool known = std::find(sections.begin(), sections.end(), section) != sections.end();
    if (table == nullptr && known) {
      throw ConfigError{at + ": " + section + " must be a section, written [" + section +
                        "] on a line of its own, with its keys below it"};
    }
    if (table == nullptr) {
      std::vector<std::string> names;
      for (const ConfigKey& k : config_keys()) names.emplace_back(k.name);
      const std::string close = closest_name(section, names);
      const ConfigKey* k = nullptr;
      for (const ConfigKey& candidate : config_keys()) {
        if (candidate.name == close) k = &candidate;
      }
      throw ConfigError{at + ": " + section + " is outside any section" +
                        (k ? " (did you mean " + std::string(k->name) + " under [" +
                                 std::string(k->section) + "]?)"
                           : "; every key belongs under a section such as [server]")};
    }
    if (!known) {
      std::string all;
      for (const std::string& s : sections) all += (all.empty() ? "" : ", ") + s;
      throw ConfigError{at + ": unknown section [" + section + "]" +
                        suggestion(section, sections, "[", "]") + "; the sections are " + all};
    }
    for (const auto& [key, node] : *table) {
      const std::string dotted = section + "." + std::string(key.str());
      const ConfigKey* k = find_config_key(section, key.str());
      if (k == nullptr) {
        throw ConfigError{where_in(path, key.source()) + ": unknown key " + dotted +
                          suggestion(dotted, dotted_names()) +
                          "; gt3.example.toml lists every key"};
      }
      if (!reads(*k)) continue;  // another command's key: one file serves them all
      raws_[dotted] = Raw{Raw::Kind::kFile, where_in(path, node.source()), &node, ""};
    }
  }
}

const ConfigValues::Raw& ConfigValues::raw(const ConfigKey& key) const {
  return raws_.at(key.dotted());
}

bool ConfigValues::reads(const ConfigKey& key) const {
  return !command_ || key.is_read_by(*command_);
}

bool ConfigValues::is_set(const ConfigKey& key) const {
  const Raw::Kind kind = raw(key).kind;
  return kind == Raw::Kind::kFile || kind == Raw::Kind::kEnv || kind == Raw::Kind::kFlag;
}

bool ConfigValues::has_value(const ConfigKey& key) const {
  return raw(key).kind != Raw::Kind::kMissing;
}

std::vector<std::string> ConfigValues::missing() const {
  std::vector<std::string> names;
  for (const ConfigKey& k : config_keys()) {
    if (reads(k) && !has_value(k)) names.push_back(k.dotted());
  }
  return names;
}

bool ConfigValues::absent(const ConfigKey& key) const {
  if (has_value(key)) return false;
  if (reads(key) && missing_keys_ == MissingKeys::kStopTheLoad) {
    throw ConfigError{key.dotted() + " is required: set " + std::string(key.name) + " under [" +
                      std::string(key.section) + "] in the config file, " + key.env_name() +
                      " in the environment, or " + key.flag() + " on the command line"};
  }
  return true;
}

std::string ConfigValues::origin(const ConfigKey& key) const { return raw(key).where; }

std::string ConfigValues::shown(const ConfigKey& key) const {
  if (key.secret) return std::string(kMaskedSecret);
  const Raw& r = raw(key);
  std::string text;
  bool quote = false;
  if (r.node != nullptr) {
    if (const auto* s = r.node->as_string()) {
      text = s->get();
      quote = true;
    } else {
      std::ostringstream out;
      r.node->visit([&out](const auto& value) { out << value; });
      text = out.str();
    }
  } else {
    text = r.text;
    // Bare when it reads as the number or boolean it should be, quoted otherwise ("maybe").
    quote = key.type == Kind::kBoolean
                ? !boolean_spelling(text)
                : key.type == Kind::kString || key.type == Kind::kStringArray || text.empty() ||
                      text.find_first_not_of("0123456789+-.eE") != std::string::npos;
  }
  if (key.dotted() == "store.redis_url") text = mask_userinfo(text);
  return quote ? "\"" + text + "\"" : text;
}

std::string ConfigValues::described(const ConfigKey& key) const {
  const Raw& r = raw(key);
  const std::string from = r.kind == Raw::Kind::kDefault   ? "(default)"
                           : r.kind == Raw::Kind::kCommand ? "(" + r.where + ")"
                                                           : "(from " + r.where + ")";
  return key.dotted() + " = " + shown(key) + " " + from;
}

void ConfigValues::fail(const ConfigKey& key, std::string_view problem) const {
  throw ConfigError{described(key) + " " + std::string(problem)};
}

std::string ConfigValues::string(const ConfigKey& key) const {
  if (absent(key)) return "";
  const Raw& r = raw(key);
  if (r.node == nullptr) return r.text;
  if (const auto* s = r.node->as_string()) return s->get();
  fail(key, "must be a string (in quotes), not " + std::string(toml_type_name(*r.node)));
}

std::int64_t ConfigValues::integer(const ConfigKey& key) const {
  if (absent(key)) return 0;
  const Raw& r = raw(key);
  std::int64_t value = 0;
  if (r.node != nullptr) {
    const auto* i = r.node->as_integer();
    if (i == nullptr) {
      fail(key, "must be an integer, not " + std::string(toml_type_name(*r.node)) +
                    "; it must be " + key.allowed());
    }
    value = i->get();
  } else {
    const std::string_view text = trim(r.text, kAsciiSpaces);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
      fail(key, "is not an integer: it must be " + key.allowed());
    }
  }
  if ((key.min && static_cast<double>(value) < *key.min) ||
      (key.max && static_cast<double>(value) > *key.max)) {
    fail(key, "is out of range: it must be " + key.allowed());
  }
  return value;
}

double ConfigValues::number(const ConfigKey& key) const {
  if (absent(key)) return 0;
  const Raw& r = raw(key);
  double value = 0;
  if (r.node != nullptr) {
    const auto v = r.node->value<double>();  // a float, or an integer
    if (!v || r.node->is_boolean()) {
      fail(key, "must be a number, not " + std::string(toml_type_name(*r.node)) + "; it must be " +
                    key.allowed());
    }
    value = *v;
  } else {
    const std::string_view text = trim(r.text, kAsciiSpaces);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
      fail(key, "is not a number: it must be " + key.allowed());
    }
  }
  if (!(value >= key.min.value_or(value) && value <= key.max.value_or(value))) {
    fail(key, "is out of range: it must be " + key.allowed());
  }
  return value;
}

bool ConfigValues::boolean(const ConfigKey& key) const {
  if (absent(key)) return false;
  const Raw& r = raw(key);
  if (r.node != nullptr) {
    const auto* b = r.node->as_boolean();
    if (b == nullptr) {
      fail(key,
           "must be true or false (without quotes), not " + std::string(toml_type_name(*r.node)));
    }
    return b->get();
  }
  const auto value = boolean_spelling(r.text);
  if (!value) fail(key, "is not a boolean: it must be true, false, 1, 0, yes or no");
  return *value;
}

std::vector<std::string> ConfigValues::strings(const ConfigKey& key) const {
  if (absent(key)) return {};
  const Raw& r = raw(key);
  std::vector<std::string> values;
  if (r.node != nullptr) {
    const auto* array = r.node->as_array();
    if (array == nullptr) {
      fail(key, "must be an array of strings such as [\"10.0.0.1\"], not " +
                    std::string(toml_type_name(*r.node)));
    }
    for (const toml::node& element : *array) {
      const auto* s = element.as_string();
      if (s == nullptr) {
        fail(key,
             "must hold only strings (in quotes), not " + std::string(toml_type_name(element)));
      }
      values.push_back(s->get());
    }
    return values;
  }
  std::string_view rest = r.text;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = trim(rest.substr(0, comma), kAsciiSpaces);
    if (!item.empty()) values.emplace_back(item);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return values;
}

}  // namespace gt3::service
