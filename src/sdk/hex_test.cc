// The hex helpers: lower_hex of known bytes, and the two checks against their definition for
// every byte value, alone and amid digits.
#include "sdk/hex.h"

#include <gtest/gtest.h>

#include <array>
#include <string>

namespace gt3 {
namespace {

bool lower_hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool hex_digit(char c) { return lower_hex_digit(c) || (c >= 'A' && c <= 'F'); }

TEST(Hex, LowerHexWritesEachByteAsTwoLowerCaseDigits) {
  const std::array<unsigned char, 5> bytes{0x00, 0x0f, 0xa0, 0xff, 0x5c};
  EXPECT_EQ(lower_hex(bytes), "000fa0ff5c");
  EXPECT_EQ(lower_hex({}), "");
}

TEST(Hex, EveryByteValueIsCheckedAsItsDefinitionSaysAloneAndAmidDigits) {
  for (int value = 0; value < 256; ++value) {
    const char c = static_cast<char>(value);
    for (const std::string& text :
         {std::string(1, c), "0a" + std::string(1, c) + "f9", "deadbeef" + std::string(1, c)}) {
      EXPECT_EQ(is_hex(text), hex_digit(c)) << "byte " << value;
      EXPECT_EQ(is_lower_hex(text), lower_hex_digit(c)) << "byte " << value;
    }
  }
}

TEST(Hex, EmptyTextAndWholeDigestsPass) {
  EXPECT_TRUE(is_hex(""));
  EXPECT_TRUE(is_lower_hex(""));
  EXPECT_TRUE(is_lower_hex("d41d8cd98f00b204e9800998ecf8427e"));
  EXPECT_TRUE(is_hex("D41D8CD98F00B204E9800998ECF8427E"));
  EXPECT_FALSE(is_lower_hex("D41D8CD98F00B204E9800998ECF8427E"));
}

}  // namespace
}  // namespace gt3
