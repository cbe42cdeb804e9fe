#include "sdk/json_text.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace gt3 {
namespace {

std::string as_json(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

// What nlohmann reads back from the text written, or nullopt when it is not one JSON string.
std::optional<std::string> read_back(const std::string& json_text) {
  const auto json = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_string()) return std::nullopt;
  return json.get<std::string>();
}

// nlohmann's own verdict on `text`: its dump throws on bytes that are not UTF-8.
bool nlohmann_takes_as_utf8(const std::string& text) {
  try {
    (void)nlohmann::json(text).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

TEST(JsonText, WritesPlainTextBetweenQuotes) {
  EXPECT_EQ(as_json("0123456789abcdef"), R"("0123456789abcdef")");
  EXPECT_EQ(as_json(""), R"("")");
}

TEST(JsonText, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(as_json("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(as_json("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(as_json(std::string("\x00\x01\x1f", 3)), R"("\u0000\u0001\u001f")");
  EXPECT_EQ(as_json("/\x7f"), "\"/\x7f\"");  // neither needs escaping
}

TEST(JsonText, KeepsWellFormedUtf8AsItIs) {
  const std::string text = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf";
  EXPECT_EQ(as_json(text), "\"" + text + "\"");
}

TEST(JsonText, ReplacesEachByteThatBeginsNoUtf8SequenceWithTheReplacementCharacter) {
  const std::string kReplacement = "\xef\xbf\xbd";
  EXPECT_EQ(as_json("a\xff"
                   "b"),
            "\"a" + kReplacement + "b\"");
  EXPECT_EQ(as_json("\xc0\xaf"), "\"" + kReplacement + kReplacement + "\"");  // overlong '/'
  EXPECT_EQ(as_json("\xed\xa0\x80"),                                          // a surrogate
            "\"" + kReplacement + kReplacement + kReplacement + "\"");
  EXPECT_EQ(as_json("\xf4\x90\x80\x80"),  // above U+10FFFF
            "\"" + kReplacement + kReplacement + kReplacement + kReplacement + "\"");
  EXPECT_EQ(as_json("\xe2\x82"), "\"" + kReplacement + kReplacement + "\"");  // cut short
}

// Plain bytes are read eight at a time: each byte value in each position of texts of one to two
// words and a tail is written as it is written alone, between the same plain bytes.
TEST(JsonText, WritesEveryByteInEveryPositionAsItWritesItAlone) {
  for (std::size_t size = 1; size <= 17; ++size) {
    for (std::size_t at = 0; at < size; ++at) {
      for (int byte = 0; byte < 256; ++byte) {
        const std::string alone = as_json(std::string(1, static_cast<char>(byte)));
        std::string text(size, 'a');
        text[at] = static_cast<char>(byte);
        const std::string expected = "\"" + std::string(at, 'a') +
                                     alone.substr(1, alone.size() - 2) +
                                     std::string(size - at - 1, 'a') + "\"";
        ASSERT_EQ(as_json(text), expected) << "byte " << byte << " at " << at << " of " << size;
      }
    }
  }
}

// Against nlohmann on random bytes biased towards the awkward ones: the text written is always
// one JSON string, which reads back as the input exactly when nlohmann takes the input as UTF-8.
TEST(JsonText, AgreesWithNlohmannOnRandomBytes) {
  std::mt19937 random(20261202);
  const std::string awkward = std::string("\"\\\b\n\x01\x1f\x7f", 7) +
                              "\x80\xbf\xc2\xdf\xe0\xed\xef\xf0\xf4\xf5\xff\xa0\x9f\x90\x8f";
  for (int round = 0; round < 20000; ++round) {
    std::string text(random() % 12, '\0');
    for (char& c : text) {
      c = random() % 2 ? awkward[random() % awkward.size()] : static_cast<char>(random() % 256);
    }
    const std::string written = as_json(text);
    const std::optional<std::string> back = read_back(written);
    ASSERT_TRUE(back.has_value()) << written;
    EXPECT_EQ(*back == text, nlohmann_takes_as_utf8(text)) << written;
  }
}

}  // namespace
}  // namespace gt3
