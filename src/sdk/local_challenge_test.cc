#include "gt3/local_challenge.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <set>

namespace gt3 {
namespace {

TEST(LocalChallenge, Is32CharactersOfLowercaseAlphanumerics) {
  for (int i = 0; i < 100; ++i) {
    const std::string c = random_local_challenge();
    EXPECT_TRUE(is_local_challenge_shape(c)) << c;
  }
}

TEST(LocalChallenge, DoesNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) seen.insert(random_local_challenge());
  EXPECT_EQ(seen.size(), 10000u);
}

// Chi-square goodness of fit over 36 symbols (35 degrees of freedom). With 360,000 draws a
// modulo-biased generator (256 % 36 = 4 symbols drawn 8/256 instead of 7/256) scores about 700;
// a uniform one passes 90 with probability about 1e-6.
TEST(LocalChallenge, CharactersAreUniform) {
  std::array<long, 36> counts{};
  std::string buffer(360000, '\0');
  fill_uniform(buffer, kLocalChallengeAlphabet);
  for (char c : buffer) {
    const auto pos = kLocalChallengeAlphabet.find(c);
    ASSERT_NE(pos, std::string_view::npos);
    ++counts[pos];
  }
  const double expected = 360000.0 / 36;
  double chi2 = 0;
  for (long n : counts) chi2 += (n - expected) * (n - expected) / expected;
  EXPECT_LT(chi2, 90.0);
}

TEST(LocalChallenge, ShapeCheckRejectsOtherStrings) {
  EXPECT_FALSE(is_local_challenge_shape(""));
  EXPECT_FALSE(is_local_challenge_shape(std::string(31, 'a')));
  EXPECT_FALSE(is_local_challenge_shape(std::string(33, 'a')));
  EXPECT_FALSE(is_local_challenge_shape(std::string(31, 'a') + "A"));
  EXPECT_FALSE(is_local_challenge_shape(std::string(31, 'a') + "-"));
  EXPECT_TRUE(is_local_challenge_shape(std::string(32, '7')));
}

TEST(FillUniform, RejectsAnEmptyOrOversizedAlphabet) {
  std::string out(4, '\0');
  EXPECT_THROW(fill_uniform(out, ""), std::invalid_argument);
  EXPECT_THROW(fill_uniform(out, std::string(257, 'a')), std::invalid_argument);
}

}  // namespace
}  // namespace gt3
