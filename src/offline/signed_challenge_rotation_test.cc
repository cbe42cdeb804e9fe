// ChallengeSigner's rotation (docs/operations.md, "Rotate"): challenges signed with a previous
// secret keep passing until they expire, and nothing else passes because of it. Written from
// the attacker's side: what a removed secret, a forged tag or an old tag of the other kind buy.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "offline/signed_challenge.h"
#include "testing/manual_clock.h"

namespace gt3::offline {
namespace {

using std::chrono::seconds;

const Secret kOld("old-offline-secret-0123456789abcdef");
const Secret kNew("new-offline-secret-0123456789abcdef");
const Secret kOther("some-other-secret-0123456789abcdef");
constexpr seconds kTtl{300};

Reason reason_of(const Result<SignedChallenge>& result) {
  return result ? Reason::kOk : result.error().reason;
}

TEST(ChallengeSignerRotation, AChallengeSignedWithAPreviousSecretPasses) {
  ManualClock clock;
  ChallengeSigner before(kOld, kTtl, clock);
  const std::string challenge = before.issue();
  ChallengeSigner after(kNew, {kOld}, kTtl, clock);
  const auto verified = after.verify(challenge);
  ASSERT_TRUE(verified) << verified.error().detail;
  EXPECT_EQ(verified->kind, ChallengeKind::kOffline);
}

TEST(ChallengeSignerRotation, AChallengeOfARemovedSecretIsForged) {
  ManualClock clock;
  const std::string challenge = ChallengeSigner(kOld, kTtl, clock).issue();
  ChallengeSigner signer(kNew, {kOld}, kTtl, clock);
  ASSERT_EQ(reason_of(signer.verify(challenge)), Reason::kOk);
  signer.rekey(kNew, {});
  EXPECT_EQ(reason_of(signer.verify(challenge)), Reason::kChallengeForged);
}

// A previous secret verifies and never signs: a new challenge fails where only it is known.
TEST(ChallengeSignerRotation, NewChallengesAreSignedWithTheCurrentSecretOnly) {
  ManualClock clock;
  ChallengeSigner signer(kNew, {kOld}, kTtl, clock);
  const std::string challenge = signer.issue();
  EXPECT_EQ(reason_of(ChallengeSigner(kNew, kTtl, clock).verify(challenge)), Reason::kOk);
  EXPECT_EQ(reason_of(ChallengeSigner(kOld, kTtl, clock).verify(challenge)),
            Reason::kChallengeForged);
}

TEST(ChallengeSignerRotation, ProvisionalChallengesRotateAndStayProvisional) {
  ManualClock clock;
  const std::string provisional =
      ChallengeSigner(kOld, kTtl, clock).issue(ChallengeKind::kProvisional);
  ChallengeSigner signer(kNew, {kOther, kOld}, kTtl, clock);
  const auto verified = signer.verify(provisional);
  ASSERT_TRUE(verified) << verified.error().detail;
  EXPECT_EQ(verified->kind, ChallengeKind::kProvisional);
}

TEST(ChallengeSignerRotation, APreviousSecretDoesNotExtendTheLifetime) {
  ManualClock clock;
  const std::string challenge = ChallengeSigner(kOld, kTtl, clock).issue();
  ChallengeSigner signer(kNew, {kOld}, kTtl, clock);
  clock.advance(kTtl + std::chrono::milliseconds(1));
  EXPECT_EQ(reason_of(signer.verify(challenge)), Reason::kChallengeExpired);
}

TEST(ChallengeSignerRotation, RekeyTakesEffectForTheNextCall) {
  ManualClock clock;
  ChallengeSigner signer(kOld, kTtl, clock);
  const std::string old_challenge = signer.issue();
  signer.rekey(kNew, {kOld});
  const std::string new_challenge = signer.issue();
  EXPECT_EQ(reason_of(ChallengeSigner(kNew, kTtl, clock).verify(new_challenge)), Reason::kOk);
  EXPECT_EQ(reason_of(signer.verify(old_challenge)), Reason::kOk);
  EXPECT_EQ(reason_of(signer.verify(new_challenge)), Reason::kOk);
}

// The attacker's cost and ours: a forged challenge is tried against each (secret, domain) pair
// once, never more, however many secrets are kept.
TEST(ChallengeSignerRotation, AForgedChallengeCostsTwoTagsPerSecret) {
  ManualClock clock;
  const std::string forged = ChallengeSigner(kOther, kTtl, clock).issue();
  for (std::size_t previous = 0; previous <= ChallengeSigner::kMaxPreviousSecrets; ++previous) {
    std::vector<Secret> secrets;
    for (std::size_t i = 0; i < previous; ++i) {
      secrets.emplace_back("previous-secret-number-" + std::to_string(i) + "-0123456789");
    }
    ChallengeSigner signer(kNew, secrets, kTtl, clock);
    const auto before = ChallengeSigner::tags_computed_on_this_thread();
    EXPECT_EQ(reason_of(signer.verify(forged)), Reason::kChallengeForged);
    EXPECT_EQ(ChallengeSigner::tags_computed_on_this_thread() - before, 2 * (1 + previous))
        << previous << " previous secrets";
  }
}

TEST(ChallengeSignerRotation, AChallengeOfTheCurrentSecretCostsOneTag) {
  ManualClock clock;
  ChallengeSigner signer(kNew, {kOld, kOther}, kTtl, clock);
  const std::string challenge = signer.issue();
  const auto before = ChallengeSigner::tags_computed_on_this_thread();
  EXPECT_EQ(reason_of(signer.verify(challenge)), Reason::kOk);
  EXPECT_EQ(ChallengeSigner::tags_computed_on_this_thread() - before, 1u);
}

TEST(ChallengeSignerRotation, RefusesSecretsThatCannotGoTogether) {
  const auto refused = [](const Secret& secret, std::vector<Secret> previous) {
    const auto problem = ChallengeSigner::secrets_problem(secret, previous);
    EXPECT_THROW(ChallengeSigner(secret, previous, kTtl), std::invalid_argument);
    return problem.value_or("(accepted)");
  };
  EXPECT_EQ(refused(kNew, {kOld, Secret("short")}),
            "previous secret 2 must be at least 16 bytes long");
  EXPECT_EQ(refused(kNew, {kOld, kNew}),
            "previous secret 2 is the current secret: a previous secret is one that no longer "
            "signs");
  EXPECT_EQ(refused(kNew, {kOld, kOther, kOld}),
            "previous secret 3 is the same as previous secret 1");
  std::vector<Secret> five;
  for (int i = 0; i < 5; ++i)
    five.emplace_back("previous-secret-" + std::to_string(i) + "-0123456789");
  EXPECT_NE(refused(kNew, five).find("at most 4 previous secrets are kept, not 5"),
            std::string::npos);
  EXPECT_EQ(ChallengeSigner::secrets_problem(kNew, {kOld, kOther}), std::nullopt);
}

TEST(ChallengeSignerRotation, ARefusedRekeyKeepsTheSecretsItHad) {
  ManualClock clock;
  ChallengeSigner signer(kOld, kTtl, clock);
  EXPECT_THROW(signer.rekey(kNew, {kNew}), std::invalid_argument);
  EXPECT_EQ(reason_of(ChallengeSigner(kOld, kTtl, clock).verify(signer.issue())), Reason::kOk);
}

TEST(ChallengeSignerRotation, ProblemsNeverShowASecret) {
  const auto problem = ChallengeSigner::secrets_problem(kNew, {kOld, kOld});
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->find(kOld.reveal()), std::string::npos);
  EXPECT_EQ(problem->find(kNew.reveal()), std::string::npos);
}

// Requests verifying on several threads while a reload rekeys over and over (under tsan too):
// a challenge of the secret kept in every set always passes; one of a secret kept in none never.
TEST(ChallengeSignerRotation, RekeyWhileVerifyingOnOtherThreads) {
  ManualClock clock;
  ChallengeSigner signer(kOld, kTtl, clock);
  const std::string kept = signer.issue();
  const std::string foreign = ChallengeSigner(kOther, kTtl, clock).issue();
  std::atomic<bool> done{false};
  std::atomic<int> wrong{0};
  std::vector<std::thread> requests;
  for (int i = 0; i < 3; ++i) {
    requests.emplace_back([&] {
      while (!done.load()) {
        if (reason_of(signer.verify(kept)) != Reason::kOk) ++wrong;
        if (reason_of(signer.verify(foreign)) != Reason::kChallengeForged) ++wrong;
        if (reason_of(signer.verify(signer.issue())) != Reason::kOk) ++wrong;
      }
    });
  }
  for (int i = 0; i < 300; ++i) {
    if (i % 2 == 0) {
      signer.rekey(kNew, {kOld});
    } else {
      signer.rekey(kOld, {kNew});
    }
  }
  done = true;
  for (auto& thread : requests) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace gt3::offline
