#include "gt3/solution.h"

#include <gtest/gtest.h>

namespace gt3 {
namespace {

// Expected values computed independently with Python's hashlib.
constexpr std::string_view kChallenge = "e10adc3949ba59abbe56e057f20f883e";
const Secret kKey{"0123456789abcdef0123456789abcdef"};

TEST(Solution, OnlineValidateIsMd5OfKeyGeetestChallenge) {
  EXPECT_EQ(online_validate_for(kKey, kChallenge), "6b2cea46eba16937a7418af872dacf78");
}

TEST(Solution, SeccodeIsValidateWithJordanSuffix) {
  EXPECT_EQ(seccode_for("6b2cea46eba16937a7418af872dacf78"),
            "6b2cea46eba16937a7418af872dacf78|jordan");
}

TEST(Solution, AcceptedAnswerIsMd5OfSeccode) {
  EXPECT_EQ(accepted_seccode_answer("6b2cea46eba16937a7418af872dacf78|jordan"),
            "ce503e8ba8d45ab7a79da28aa4aec4a9");
}

TEST(Solution, LegacyOfflineValidateIsMd5OfChallenge) {
  EXPECT_EQ(offline_validate_for(kChallenge), "14e1b600b1fd579f47433b88e8d85291");
}

}  // namespace
}  // namespace gt3
