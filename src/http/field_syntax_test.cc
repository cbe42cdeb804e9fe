// is_token and is_field_value against their definitions (RFC 9110 sections 5.6.2 and 5.5), for
// every byte in every position of short strings: is_field_value reads eight bytes at a time.
#include "http/field_syntax.h"

#include <gtest/gtest.h>

#include <string>

namespace gt3::http {
namespace {

bool field_value_by_definition(const std::string& value) {
  for (const unsigned char c : value) {
    if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
  }
  return true;
}

bool token_by_definition(const std::string& name) {
  if (name.empty()) return false;
  for (const unsigned char c : name) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum && std::string("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) == std::string::npos) {
      return false;
    }
  }
  return true;
}

TEST(FieldSyntax, AFieldValueIsJudgedByEachOfItsBytesWhereverItStands) {
  for (std::size_t length = 1; length <= 19; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (int byte = 0; byte < 256; ++byte) {
        std::string value(length, 'v');
        value[at] = static_cast<char>(byte);
        ASSERT_EQ(is_field_value(value), field_value_by_definition(value))
            << "length " << length << ", byte " << byte << " at " << at;
        value.assign(length, '\t');  // tabs around: words that fail the fast test yet pass
        value[at] = static_cast<char>(byte);
        ASSERT_EQ(is_field_value(value), field_value_by_definition(value))
            << "tabs, length " << length << ", byte " << byte << " at " << at;
      }
    }
  }
  EXPECT_TRUE(is_field_value(""));
  EXPECT_TRUE(is_field_value("text/html; charset=\xe2\x82\xac"));  // obs-text
}

TEST(FieldSyntax, ATokenIsJudgedByEachOfItsBytes) {
  for (int byte = 0; byte < 256; ++byte) {
    const std::string name = std::string("X-") + static_cast<char>(byte) + "-Name";
    EXPECT_EQ(is_token(name), token_by_definition(name)) << "byte " << byte;
  }
  EXPECT_FALSE(is_token(""));
}

}  // namespace
}  // namespace gt3::http
