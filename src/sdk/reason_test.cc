#include "gt3/reason.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "gt3/result.h"

namespace gt3 {
namespace {

constexpr Reason kAll[] = {
    Reason::kOk,
    Reason::kTimeout,
    Reason::kRefused,
    Reason::kDns,
    Reason::kTls,
    Reason::kHttpStatus,
    Reason::kBadBody,
    Reason::kNetwork,
    Reason::kCancelled,
    Reason::kNotJson,
    Reason::kWrongType,
    Reason::kChallengeMissing,
    Reason::kChallengeEmpty,
    Reason::kChallengeZero,
    Reason::kChallengeMalformed,
    Reason::kSeccodeMissing,
    Reason::kSeccodeEmpty,
    Reason::kCloudReportsFail,
    Reason::kBlankField,
    Reason::kSeccodeFalse,
    Reason::kRequestRefused,
    Reason::kCloudUnavailable,
    Reason::kBadEncoding,
    Reason::kDuplicateParameter,
    Reason::kInvalidParameter,
    Reason::kMalformedSolution,
    Reason::kChallengeForged,
    Reason::kChallengeExpired,
    Reason::kChallengeReplayed,
    Reason::kChallengeNotIssued,
    Reason::kPowInvalid,
    Reason::kRateLimited,
    Reason::kOfflineDenied,
    Reason::kLedgerUnavailable,
    Reason::kChallengeProvisional,
    Reason::kOfflineChallengeNeeded,
    Reason::kClientUnattributed,
    Reason::kBadConfig,
};

TEST(Reason, EveryReasonHasAUniqueSnakeCaseName) {
  std::set<std::string_view> names;
  for (Reason r : kAll) {
    const std::string_view name = reason_name(r);
    EXPECT_NE(name, "unknown");
    EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string_view::npos)
        << name;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), std::size(kAll));
}

// The names HttpError's failures had before they were Reasons: logs and JSON print the same.
TEST(Reason, TransportReasonsHaveTheNamesOfTheHttpClientsFailures) {
  EXPECT_EQ(reason_name(Reason::kTimeout), "timeout");
  EXPECT_EQ(reason_name(Reason::kRefused), "refused");
  EXPECT_EQ(reason_name(Reason::kDns), "dns");
  EXPECT_EQ(reason_name(Reason::kTls), "tls");
  EXPECT_EQ(reason_name(Reason::kHttpStatus), "http_status");
  EXPECT_EQ(reason_name(Reason::kBadBody), "bad_body");
  EXPECT_EQ(reason_name(Reason::kNetwork), "network");
  EXPECT_EQ(reason_name(Reason::kCancelled), "cancelled");
}

TEST(Reason, EveryReasonHasASentence) {
  for (Reason r : kAll) EXPECT_NE(reason_message(r), "unknown reason") << reason_name(r);
}

TEST(Reason, OnlyTransportFailuresCountAsUnreachable) {
  EXPECT_TRUE(is_unreachable(Reason::kTimeout));
  EXPECT_TRUE(is_unreachable(Reason::kRefused));
  EXPECT_TRUE(is_unreachable(Reason::kDns));
  EXPECT_FALSE(is_unreachable(Reason::kHttpStatus));
  EXPECT_FALSE(is_unreachable(Reason::kChallengeZero));
  EXPECT_FALSE(is_unreachable(Reason::kSeccodeFalse));
}

TEST(Reason, UserVerdictsAreNotCloudFailures) {
  EXPECT_FALSE(is_cloud_failure(Reason::kOk));
  EXPECT_FALSE(is_cloud_failure(Reason::kSeccodeFalse));
  EXPECT_FALSE(is_cloud_failure(Reason::kBlankField));
  EXPECT_FALSE(is_cloud_failure(Reason::kBadEncoding));
  EXPECT_FALSE(is_cloud_failure(Reason::kDuplicateParameter));
  EXPECT_FALSE(is_cloud_failure(Reason::kChallengeReplayed));
  EXPECT_FALSE(is_cloud_failure(Reason::kBadConfig));
  EXPECT_TRUE(is_cloud_failure(Reason::kSeccodeEmpty));
  EXPECT_TRUE(is_cloud_failure(Reason::kTimeout));
}

// The attack this rules out: a client makes the cloud refuse its own oversized request, and a
// service that read the refusal as an outage let it through offline.
TEST(Reason, ARefusalTheRequestCausedIsNeitherACloudFailureNorUnreachable) {
  EXPECT_FALSE(is_cloud_failure(Reason::kRequestRefused));
  EXPECT_FALSE(is_unreachable(Reason::kRequestRefused));
  EXPECT_TRUE(is_cloud_failure(Reason::kHttpStatus));  // 5xx: the cloud itself broke
}

TEST(Reason, OnlyTheCloudsOwnFailuresCountAsCloudFailures) {
  const std::set<Reason> cloud = {Reason::kTimeout,
                                  Reason::kRefused,
                                  Reason::kDns,
                                  Reason::kTls,
                                  Reason::kHttpStatus,
                                  Reason::kBadBody,
                                  Reason::kNetwork,
                                  Reason::kCancelled,
                                  Reason::kNotJson,
                                  Reason::kWrongType,
                                  Reason::kChallengeMissing,
                                  Reason::kChallengeEmpty,
                                  Reason::kChallengeZero,
                                  Reason::kChallengeMalformed,
                                  Reason::kSeccodeMissing,
                                  Reason::kSeccodeEmpty,
                                  Reason::kCloudReportsFail};
  for (Reason r : kAll) EXPECT_EQ(is_cloud_failure(r), cloud.contains(r)) << reason_name(r);
}

// The probe's {"status": "fail"}: the cloud answered, so it is not unreachable, but it says it is
// down, which no client can make it say.
TEST(Reason, TheCloudReportingFailIsACloudFailureButNotUnreachable) {
  EXPECT_EQ(reason_name(Reason::kCloudReportsFail), "cloud_reports_fail");
  EXPECT_EQ(reason_message(Reason::kCloudReportsFail),
            "the GeeTest cloud's bypass status endpoint reports that the cloud is down");
  EXPECT_TRUE(is_cloud_failure(Reason::kCloudReportsFail));
  EXPECT_FALSE(is_unreachable(Reason::kCloudReportsFail));
}

TEST(Result, ValueOnErrorThrowsWithReasonName) {
  Result<int> r = Error{Reason::kChallengeZero, "id 1234567890"};
  ASSERT_FALSE(r);
  EXPECT_THROW(
      {
        try {
          (void)r.value();
        } catch (const std::runtime_error& e) {
          EXPECT_STREQ(e.what(), "challenge_zero: id 1234567890");
          throw;
        }
      },
      std::runtime_error);
}

}  // namespace
}  // namespace gt3
