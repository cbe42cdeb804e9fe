#include "sdk/form_encoding.h"

#include <gtest/gtest.h>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <string>

namespace gt3 {
namespace {

TEST(FormEncoder, JoinsPairsWithAmpersands) {
  EXPECT_EQ(FormEncoder().add("a", "1").add("b", "2").str(), "a=1&b=2");
}

TEST(FormEncoder, PercentEncodesEverythingButUnreserved) {
  EXPECT_EQ(FormEncoder().add("sdk", "cpp-gt3-bypass:1.0.0").str(), "sdk=cpp-gt3-bypass%3A1.0.0");
  EXPECT_EQ(FormEncoder().add("v", "a b&c=d+e/f?g#h%").str(), "v=a%20b%26c%3Dd%2Be%2Ff%3Fg%23h%25");
  EXPECT_EQ(FormEncoder().add("k", "-._~").str(), "k=-._~");
}

TEST(FormEncoder, EncodesUtf8AndControlBytes) {
  EXPECT_EQ(FormEncoder().add("u", "\xc3\xa9\n").str(), "u=%C3%A9%0A");
  EXPECT_EQ(FormEncoder().add("z", std::string_view("\0", 1)).str(), "z=%00");
}

// Boost.URL's encode() with the unreserved set is the definition: every byte value, alone, first,
// last and amid others, encodes as it does.
TEST(FormEncoder, EveryByteValueEncodesAsBoostUrlEncodesIt) {
  for (int value = 0; value < 256; ++value) {
    const std::string byte(1, static_cast<char>(value));
    for (const std::string& text :
         {byte, byte + "ab", "a-b" + byte, "x" + byte + "~" + byte + "y"}) {
      EXPECT_EQ(FormEncoder().add("v", text).str(),
                "v=" + boost::urls::encode(text, boost::urls::unreserved_chars))
          << "byte " << value;
    }
  }
}

TEST(FormEncoder, AddsOnlyTheUserFieldsThatAreSet) {
  EXPECT_EQ(FormEncoder().add_user_info({}).str(), "");
  UserInfo user{"u1", ClientType::kH5, "::1"};
  EXPECT_EQ(FormEncoder().add_user_info(user).str(),
            "user_id=u1&client_type=h5&ip_address=%3A%3A1");
}

TEST(Excerpt, KeepsShortPrintableText) { EXPECT_EQ(excerpt("<html>"), "<html>"); }

TEST(Excerpt, ReplacesControlBytesAndCutsLongText) {
  EXPECT_EQ(excerpt("a\nb\x01"), "a?b?");
  const std::string cut = excerpt(std::string(200, 'x'));
  EXPECT_EQ(cut, std::string(80, 'x') + "...");
}

TEST(TrailingSlashes, AreRemovedFromTheBase) {
  EXPECT_EQ(without_trailing_slashes("http://h:1//"), "http://h:1");
  EXPECT_EQ(without_trailing_slashes("http://h"), "http://h");
}

}  // namespace
}  // namespace gt3
