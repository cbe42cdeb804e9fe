// The example file and docs/configuration.md against the table of keys: every key is documented,
// and the example, uncommented, is a configuration that loads.
#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "service/config_keys.h"
#include "service/config_loader.h"

namespace gt3::service {
namespace {

std::string read(const std::string& name) {
  std::ifstream in(std::string(GT3_SOURCE_DIR) + "/" + name);
  EXPECT_TRUE(in) << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The section each "# key = value" line of the example sits in, as "section.key" -> line.
std::map<std::string, std::string> example_lines(const std::string& example) {
  std::map<std::string, std::string> lines;
  std::istringstream in(example);
  std::string line;
  std::string section;
  const std::regex header(R"(^\[(\w+)\]\s*$)");
  const std::regex key(R"(^# (\w+) = (.*)$)");
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, header)) section = m[1];
    if (std::regex_match(line, m, key)) lines[section + "." + std::string(m[1])] = m[2];
  }
  return lines;
}

TEST(ConfigExample, ListsEveryKeyWithItsDefault) {
  const auto lines = example_lines(read("gt3.example.toml"));
  for (const ConfigKey& k : config_keys()) {
    const auto line = lines.find(k.dotted());
    ASSERT_NE(line, lines.end()) << k.dotted() << " is not in gt3.example.toml";
    const std::string expected = k.has_fixed_default() ? std::string(k.default_text)
                                 : k.required          ? "\"\""
                                                       : "0";
    EXPECT_EQ(line->second.substr(0, expected.size() + 1), expected + " ")
        << k.dotted() << ": " << line->second;
  }
  EXPECT_EQ(lines.size(), config_keys().size()) << "gt3.example.toml has a key not in the table";
}

TEST(ConfigExample, LoadsWhenUncommented) {
  const std::string uncommented =
      std::regex_replace(read("gt3.example.toml"), std::regex(R"((^|\n)# (\w+ = ))"), "$1$2");
  const toml::table parsed = toml::parse(uncommented);
  for (const ConfigKey& k : config_keys()) {
    EXPECT_TRUE(parsed[k.section][k.name]) << k.dotted() << " was not uncommented";
  }
  const std::string path = ::testing::TempDir() + "gt3_example_uncommented.toml";
  std::ofstream(path) << uncommented;
  ConfigSources sources;
  sources.file = path;
  sources.flags = {{"geetest.id", "0123456789abcdef0123456789abcdef"},
                   {"geetest.key", "0123456789abcdef0123456789abcdef"}};
  const auto config = load_config(sources);
  ASSERT_TRUE(config.has_value()) << config.error().detail << "\n" << uncommented;
  EXPECT_EQ(config->server.listen, "127.0.0.1:8080");
  EXPECT_EQ(config->offline.rate_limit_per_minute, 0);
  std::remove(path.c_str());
}

TEST(ConfigDocs, DocumentsEveryKeyAndItsEnvironmentName) {
  const std::string doc = read("docs/configuration.md");
  const std::size_t section = doc.find("# Configuration");
  ASSERT_NE(section, std::string::npos) << "docs/configuration.md has no Configuration title";
  const std::string text = doc.substr(section);
  for (const ConfigKey& k : config_keys()) {
    EXPECT_NE(text.find("| `" + k.dotted() + "` | `" + k.env_name() + "` |"), std::string::npos)
        << k.dotted() << " is not in the table of docs/configuration.md";
  }
  EXPECT_NE(text.find("--print-config"), std::string::npos);
}

}  // namespace
}  // namespace gt3::service
