#include "http/params.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace gt3::http
