#include "testing/manual_clock.h"
#include "offline/signed_challenge.h"

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <stdexcept>
#include <unordered_set>

#include "gt3/local_challenge.h"

namespace gt3::offline {
namespace {

using std::chrono::seconds;

const Secret kSecret("0123456789abcdef-offline-secret");
constexpr seconds kTtl{300};

Reason reason_of(const Result<SignedChallenge>& result) {
  return result ? Reason::kOk : result.error().reason;
}

TEST(ChallengeSigner, VerifiesWhatItIssuedAndReturnsTheIssueTime) {
  ManualClock clock;
  ChallengeSigner signer(kSecret, kTtl, clock);
  const std::string challenge = signer.issue();
  auto verified = signer.verify(challenge);
  ASSERT_TRUE(verified) << verified.error().detail;
  EXPECT_EQ(verified->issued, std::chrono::floor<seconds>(clock.wall_now()));
  EXPECT_EQ(verified->kind, ChallengeKind::kOffline);
}

TEST(ChallengeSigner, LifetimeLeftPointsAtTheSameExpiryWheneverItIsAsked) {
  ManualClock clock;
  ChallengeSigner signer(kSecret, kTtl, clock);
  const auto verified = signer.verify(signer.issue());
  ASSERT_TRUE(verified);
  const auto first = signer.lifetime_left(*verified);
  EXPECT_LE(first, kTtl);
  EXPECT_GT(first, kTtl - seconds(1));  // the issue time is rounded down to the second
  clock.advance(seconds(7));
  EXPECT_EQ(signer.lifetime_left(*verified), first - seconds(7));
}

TEST(ChallengeSigner, TellsAProvisionalChallengeFromAPlainOne) {
  ManualClock clock;
  ChallengeSigner signer(kSecret, kTtl, clock);
  const auto provisional = signer.verify(signer.issue(ChallengeKind::kProvisional));
  ASSERT_TRUE(provisional) << provisional.error().detail;
  EXPECT_EQ(provisional->kind, ChallengeKind::kProvisional);
  EXPECT_TRUE(is_local_challenge_shape(signer.issue(ChallengeKind::kProvisional)));
}

// The tag covers the kind: the body of a provisional challenge with a tag recomputed under any
// other secret, or one character changed, is not ours of either kind.
TEST(ChallengeSigner, AProvisionalChallengeCannotBeTurnedIntoAPlainOne) {
  ChallengeSigner signer(kSecret, kTtl);
  ChallengeSigner other(Secret("another-secret-of-32-bytes-length"), kTtl);
  EXPECT_EQ(reason_of(signer.verify(other.issue(ChallengeKind::kProvisional))),
            Reason::kChallengeForged);
  std::string challenge = signer.issue(ChallengeKind::kProvisional);
  challenge.back() = challenge.back() == '0' ? '1' : '0';
  EXPECT_EQ(reason_of(signer.verify(challenge)), Reason::kChallengeForged);
}

TEST(ChallengeSigner, IssuesTheShapeGtJsExpects) {
  ChallengeSigner signer(kSecret, kTtl);
  for (int i = 0; i < 100; ++i) {
    const std::string challenge = signer.issue();
    EXPECT_TRUE(is_local_challenge_shape(challenge)) << challenge;
    EXPECT_TRUE(ChallengeSigner::looks_signed_shape(challenge)) << challenge;
  }
}

TEST(ChallengeSigner, IssuesTenThousandDistinctChallenges) {
  ChallengeSigner signer(kSecret, kTtl);
  std::unordered_set<std::string> seen;
  for (int i = 0; i < 10'000; ++i) {
    const std::string challenge = signer.issue();
    ASSERT_TRUE(is_local_challenge_shape(challenge)) << challenge;
    ASSERT_TRUE(seen.insert(challenge).second) << "issued twice: " << challenge;
  }
}

TEST(ChallengeSigner, AcceptsAChallengeExactlyTtlOld) {
  ManualClock clock;
  ChallengeSigner signer(kSecret, kTtl, clock);
  const std::string challenge = signer.issue();
  clock.advance(kTtl);
  EXPECT_EQ(reason_of(signer.verify(challenge)), Reason::kOk);
}

TEST(ChallengeSigner, RejectsAChallengeOlderThanTtlAsExpired) {
  ManualClock clock;
  ChallengeSigner signer(kSecret, kTtl, clock);
  const std::string challenge = signer.issue();
  clock.advance(kTtl + std::chrono::milliseconds(1));
  EXPECT_EQ(reason_of(signer.verify(challenge)), Reason::kChallengeExpired);
}

TEST(ChallengeSigner, AcceptsAChallengeFromSlightlyAheadClock) {
  ManualClock ahead;
  ahead.advance(ChallengeSigner::kMaxFutureSkew);
  ManualClock behind;
  const std::string challenge = ChallengeSigner(kSecret, kTtl, ahead).issue();
  EXPECT_EQ(reason_of(ChallengeSigner(kSecret, kTtl, behind).verify(challenge)), Reason::kOk);
}

TEST(ChallengeSigner, RejectsAChallengeIssuedBeyondTheSkewInTheFutureAsExpired) {
  ManualClock ahead;
  ahead.advance(ChallengeSigner::kMaxFutureSkew + seconds(1));
  ManualClock behind;
  const std::string challenge = ChallengeSigner(kSecret, kTtl, ahead).issue();
  EXPECT_EQ(reason_of(ChallengeSigner(kSecret, kTtl, behind).verify(challenge)),
            Reason::kChallengeExpired);
}

TEST(ChallengeSigner, RejectsAChallengeSignedWithAnotherSecretAsForged) {
  ManualClock clock;
  ChallengeSigner ours(kSecret, kTtl, clock);
  ChallengeSigner theirs(Secret("another-secret-of-enough-length"), kTtl, clock);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(reason_of(ours.verify(theirs.issue())), Reason::kChallengeForged);
  }
}

TEST(ChallengeSigner, RejectsEverySingleCharacterChangeAsForged) {
  ManualClock clock;
  ChallengeSigner signer(kSecret, kTtl, clock);
  const std::string challenge = signer.issue();
  for (std::size_t i = 0; i < challenge.size(); ++i) {
    for (char c : kLocalChallengeAlphabet) {
      if (c == challenge[i]) continue;
      std::string changed = challenge;
      changed[i] = c;
      ASSERT_EQ(reason_of(signer.verify(changed)), Reason::kChallengeForged)
          << "position " << i << ": " << changed;
    }
  }
}

TEST(ChallengeSigner, RejectsOnlineHexChallengesAsForged) {
  ChallengeSigner signer(kSecret, kTtl);
  for (std::string_view hex :
       {"0123456789abcdef0123456789abcdef", "00000000000000000000000000000000",
        "ffffffffffffffffffffffffffffffff", "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
        "000000000000000000000000deadbeef"}) {
    EXPECT_EQ(reason_of(signer.verify(hex)), Reason::kChallengeForged) << hex;
  }
}

TEST(ChallengeSigner, AnOnlineHexChallengeCostsNoTag) {
  // Each of these is below 2^160 in base 36: only its shape keeps verify() from two HMACs.
  ChallengeSigner signer(kSecret, kTtl);
  const std::uint64_t before = ChallengeSigner::tags_computed_on_this_thread();
  for (std::string_view hex : {"0123456789abcdef0123456789abcdef",
                               "00000000000000000000000000000000",
                               "000000000000000000000000deadbeef"}) {
    EXPECT_EQ(reason_of(signer.verify(hex)), Reason::kChallengeForged) << hex;
  }
  EXPECT_EQ(ChallengeSigner::tags_computed_on_this_thread() - before, 0u);
}

TEST(ChallengeSigner, RejectsWrongShapesAsForged) {
  ChallengeSigner signer(kSecret, kTtl);
  const std::string good = signer.issue();
  std::string upper = good;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const std::string& bad :
       {std::string(), good.substr(1), good + "0", upper, std::string(32, 'z'),
        std::string(31, '0') + "-", std::string(32, ' ')}) {
    EXPECT_EQ(reason_of(signer.verify(bad)), Reason::kChallengeForged) << bad;
  }
}

TEST(ChallengeSigner, TellsValuesAbove160BitsFromTheSignedShape) {
  EXPECT_FALSE(ChallengeSigner::looks_signed_shape(std::string(32, 'z')));
  EXPECT_FALSE(ChallengeSigner::looks_signed_shape("ffffffffffffffffffffffffffffffff"));
  EXPECT_TRUE(ChallengeSigner::looks_signed_shape(std::string(31, '0') + "g"));
  EXPECT_FALSE(ChallengeSigner::looks_signed_shape(std::string(32, '0'))) << "online shape";
  EXPECT_FALSE(ChallengeSigner::looks_signed_shape(std::string(31, '0')));
}

TEST(ChallengeSigner, DrawsThe160BitLineExactly) {
  // 2^160 - 1 and 2^160 in base 36 (computed apart, with Python's integers).
  EXPECT_TRUE(ChallengeSigner::looks_signed_shape("0twj4yidkw7a8pn4g709kzmfoaol3x8f"));
  EXPECT_FALSE(ChallengeSigner::looks_signed_shape("0twj4yidkw7a8pn4g709kzmfoaol3x8g"));
}

TEST(ChallengeSigner, RefusesAShortSecret) {
  EXPECT_THROW(ChallengeSigner(Secret("fifteen-bytes!!"), kTtl), std::invalid_argument);
  EXPECT_NO_THROW(ChallengeSigner(Secret("sixteen-bytes!!!"), kTtl));
}

TEST(ChallengeSigner, RefusesANonPositiveTtl) {
  EXPECT_THROW(ChallengeSigner(kSecret, seconds(0)), std::invalid_argument);
}

TEST(ChallengeSigner, NeverShowsTheSecretInAnError) {
  ChallengeSigner signer(kSecret, kTtl);
  auto result = signer.verify("0123456789abcdef0123456789abcdef");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().detail.find(kSecret.reveal()), std::string::npos);
}

}  // namespace
}  // namespace gt3::offline
