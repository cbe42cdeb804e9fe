#include "http/params.h"

#include <gtest/gtest.h>

#include <boost/url/encoding_opts.hpp>
#include <boost/url/pct_string_view.hpp>
#include <string>
#include <vector>

namespace gt3::http {
namespace {

TEST(Params, DecodesPairsInOrder) {
  auto params = Params::decode("a=1&b=x%20y&c=");
  ASSERT_TRUE(params);
  ASSERT_EQ(params->pairs().size(), 3u);
  EXPECT_EQ(params->pairs()[0], Params::Pair("a", "1"));
  EXPECT_EQ(params->pairs()[1], Params::Pair("b", "x y"));
  EXPECT_EQ(params->pairs()[2], Params::Pair("c", ""));
}

TEST(Params, PlusIsASpaceOnlyWhenAsked) {
  EXPECT_EQ(Params::decode("q=a+b%2B")->get("q"), "a b+");
  EXPECT_EQ(Params::decode("q=a+b%2B", /*plus_is_space=*/false)->get("q"), "a+b+");
}

TEST(Params, KeepsDuplicatesAndGetReturnsTheFirst) {
  auto params = Params::decode("a=1&a=2");
  ASSERT_TRUE(params);
  EXPECT_EQ(params->count("a"), 2u);
  EXPECT_EQ(params->get("a"), "1");
}

TEST(Params, UniqueRefusesDuplicates) {
  auto params = Params::decode("a=1&a=2&b=3");
  ASSERT_TRUE(params);
  auto a = params->unique("a");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().reason, Reason::kDuplicateParameter);
  EXPECT_NE(a.error().detail.find("\"a\""), std::string::npos);
  EXPECT_EQ(*params->unique("b"), "3");
  EXPECT_EQ(*params->unique("missing"), std::nullopt);
}

TEST(Params, NameWithoutValueAndEmptyPiecesAreAccepted) {
  auto params = Params::decode("&flag&&x=1&");
  ASSERT_TRUE(params);
  ASSERT_EQ(params->pairs().size(), 2u);
  EXPECT_EQ(params->get("flag"), "");
  EXPECT_EQ(params->get("x"), "1");
}

TEST(Params, EmptyInputIsEmpty) { EXPECT_TRUE(Params::decode("")->empty()); }

TEST(Params, DecodesUtf8AndNul) {
  auto params = Params::decode("u=%C3%A9&z=%00");
  ASSERT_TRUE(params);
  EXPECT_EQ(params->get("u"), "\xc3\xa9");
  EXPECT_EQ(params->get("z"), std::string_view("\0", 1));
}

TEST(Params, MalformedEscapeIsAnErrorNamingThePair) {
  for (std::string_view bad : {"a=%zz", "a=%4", "a=%", "b%G1=2"}) {
    auto params = Params::decode(std::string("ok=1&") + std::string(bad));
    ASSERT_FALSE(params) << bad;
    EXPECT_EQ(params.error().reason, Reason::kBadEncoding);
    EXPECT_NE(params.error().detail.find(bad), std::string::npos) << params.error().detail;
  }
}

// Boost.URL's decoding is the definition; names and values without an escape take a shortcut,
// which must give what Boost gives for every string, escapes, '+' and odd bytes included.
TEST(Params, DecodesEveryShortStringAsBoostUrlDoes) {
  const std::string alphabet("a%+2Fg \0\xff", 9);
  std::vector<std::string> parts{""};
  for (int length = 1; length <= 4; ++length) {
    std::vector<std::string> longer;
    for (const std::string& part : parts) {
      if (part.size() != static_cast<std::size_t>(length - 1)) continue;
      for (const char c : alphabet) longer.push_back(part + c);
    }
    parts.insert(parts.end(), longer.begin(), longer.end());
  }
  ASSERT_GT(parts.size(), 4000u);
  for (const bool plus_is_space : {false, true}) {
    for (const std::string& part : parts) {
      const auto params = Params::decode("n=" + part, plus_is_space);
      const auto boost = boost::urls::make_pct_string_view(part);
      ASSERT_EQ(static_cast<bool>(params), static_cast<bool>(boost)) << part;
      if (!boost) continue;
      EXPECT_EQ(params->get("n"), boost->decode(boost::urls::encoding_opts(plus_is_space)))
          << part << " plus_is_space=" << plus_is_space;
    }
  }
}

}  // namespace
}  // namespace gt3::http
