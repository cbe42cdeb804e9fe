#include "gt3/request_checks.h"

#include <gtest/gtest.h>

#include <string>

namespace gt3 {
namespace {

Reason reason_of(const Result<void>& result) {
  return result ? Reason::kOk : result.error().reason;
}

TEST(RequestChecks, UserIdUpToTheLimitPassesAndLongerIsRefusedNamingTheField) {
  UserInfo user;
  user.user_id = std::string(kMaxUserIdBytes, 'u');
  EXPECT_TRUE(check_user_info(user));
  user.user_id += 'u';
  const auto refused = check_user_info(user);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().reason, Reason::kInvalidParameter);
  EXPECT_NE(refused.error().detail.find("user_id"), std::string::npos);
}

TEST(RequestChecks, UserIdWithAControlCharacterIsRefused) {
  UserInfo user;
  user.user_id = "alice\r\nX-Injected: 1";
  EXPECT_EQ(reason_of(check_user_info(user)), Reason::kInvalidParameter);
  user.user_id = "alice@example.com|7";  // printable: passes as given
  EXPECT_TRUE(check_user_info(user));
}

TEST(RequestChecks, IpAddressMustBeAnAddressLiteral) {
  UserInfo user;
  for (const std::string ok : {"", "203.0.113.7", "2001:db8::1", "::ffff:1.2.3.4"}) {
    user.ip_address = ok;
    EXPECT_TRUE(check_user_info(user)) << ok;
  }
  for (const std::string& bad : {std::string("localhost"), std::string("1.2.3.4, 5.6.7.8"),
                                 std::string("1.2.3.4:80"), std::string(300, '1')}) {
    user.ip_address = bad;
    EXPECT_EQ(reason_of(check_user_info(user)), Reason::kInvalidParameter) << bad;
  }
}

TEST(RequestChecks, ClientTypeKnownUnknownAndTooLong) {
  EXPECT_EQ(*client_type_parameter(""), std::nullopt);
  EXPECT_EQ(*client_type_parameter("h5"), ClientType::kH5);
  EXPECT_EQ(*client_type_parameter("tablet"), ClientType::kUnknown);
  EXPECT_FALSE(client_type_parameter(std::string(kMaxClientTypeBytes + 1, 'w')));
}

TEST(RequestChecks, DigestmodIsOneOfTheThreeOrEmpty) {
  EXPECT_EQ(*digestmod_parameter(""), std::nullopt);
  EXPECT_EQ(*digestmod_parameter("hmac-sha256"), DigestMod::kHmacSha256);
  const auto refused = digestmod_parameter("sha1");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().reason, Reason::kInvalidParameter);
  EXPECT_NE(refused.error().detail.find("digestmod"), std::string::npos);
}

TEST(RequestChecks, AnOnlineSolutionIsAHexValidateAndItsJordanSeccode) {
  const std::string validate = "0123456789abcdef0123456789ABCDEF";
  EXPECT_TRUE(check_online_solution({"c", validate, validate + "|jordan"}));
  EXPECT_EQ(reason_of(check_online_solution({"c", "x", "x|jordan"})), Reason::kMalformedSolution);
  EXPECT_EQ(reason_of(check_online_solution({"c", validate, validate + "|jordan|x"})),
            Reason::kMalformedSolution);
  EXPECT_EQ(reason_of(check_online_solution({"c", validate, "f" + validate.substr(1) + "|jordan"})),
            Reason::kMalformedSolution);
  // The attack: a seccode inflated past what the cloud's front end takes.
  std::string inflated;
  for (int i = 0; i < 3000; ++i) inflated += "x|";
  EXPECT_EQ(reason_of(check_online_solution({"c", "x", inflated})), Reason::kMalformedSolution);
}

TEST(RequestChecks, OfflineFieldsAreBoundedOnly) {
  EXPECT_TRUE(check_offline_solution({"c", "12345", "12345|jordan"}));
  EXPECT_TRUE(check_offline_solution({"c", std::string(kMaxOfflineFieldBytes, 'v'), "s"}));
  EXPECT_EQ(
      reason_of(check_offline_solution({"c", std::string(kMaxOfflineFieldBytes + 1, 'v'), "s"})),
      Reason::kMalformedSolution);
  EXPECT_EQ(
      reason_of(check_offline_solution({"c", "v", std::string(kMaxOfflineFieldBytes + 1, 's')})),
      Reason::kMalformedSolution);
}

}  // namespace
}  // namespace gt3
