#include "testing/manual_clock.h"
#include "offline/fallback_ledger.h"

#include <gtest/gtest.h>

#include <optional>

#include "offline/memory_ledger.h"

namespace gt3::offline {
namespace {

using std::chrono::milliseconds;

// A shared ledger that cannot be reached: what RedisLedger answers while Redis is away.
class UnreachableLedger final : public ChallengeLedger {
 public:
  void claim(std::string, milliseconds, ClaimDone done) override { done(Claim::kUnavailable); }
  void note_issued(std::string, milliseconds) override {}
  void was_issued(std::string, IssuedDone done) override { done(std::nullopt); }
};

// A shared ledger that goes away and comes back (with what it held before).
class SwitchableLedger final : public ChallengeLedger {
 public:
  void claim(std::string challenge, milliseconds ttl, ClaimDone done) override {
    if (!reachable) return done(Claim::kUnavailable);
    memory_.claim(std::move(challenge), ttl, std::move(done));
  }
  void note_issued(std::string, milliseconds) override {}
  void was_issued(std::string, IssuedDone done) override { done(std::nullopt); }
  bool reachable = true;

 private:
  MemoryLedger memory_;
};

Claim claim_of(ChallengeLedger& ledger, const std::string& challenge,
               milliseconds ttl = milliseconds(60'000)) {
  std::optional<Claim> answer;
  ledger.claim(challenge, ttl, [&](Claim c) { answer = c; });
  EXPECT_TRUE(answer.has_value());  // both ledgers here answer inline
  return answer.value_or(Claim::kUnavailable);
}

TEST(FallbackLedger, UsesThePrimaryWhileItAnswers) {
  auto primary = std::make_unique<MemoryLedger>();
  MemoryLedger& shared = *primary;
  FallbackLedger ledger(std::move(primary), std::make_unique<MemoryLedger>());
  EXPECT_EQ(claim_of(ledger, "c1"), Claim::kFirst);
  EXPECT_EQ(claim_of(shared, "c1"), Claim::kReplay);  // recorded in the shared one
  EXPECT_EQ(claim_of(ledger, "c1"), Claim::kReplay);
}

TEST(FallbackLedger, KeepsSingleUseLocallyWhileThePrimaryIsUnreachable) {
  FallbackLedger ledger(std::make_unique<UnreachableLedger>(), std::make_unique<MemoryLedger>());
  EXPECT_EQ(claim_of(ledger, "c2"), Claim::kFirst);
  EXPECT_EQ(claim_of(ledger, "c2"), Claim::kReplay);
}

TEST(FallbackLedger, AChallengeAcceptedBeforeTheOutageIsAReplayHereDuringIt) {
  auto primary = std::make_unique<SwitchableLedger>();
  SwitchableLedger& shared = *primary;
  FallbackLedger ledger(std::move(primary), std::make_unique<MemoryLedger>());
  EXPECT_EQ(claim_of(ledger, "c3"), Claim::kFirst);
  shared.reachable = false;
  EXPECT_EQ(claim_of(ledger, "c3"), Claim::kReplay);
}

TEST(FallbackLedger, AChallengeAcceptedDuringTheOutageIsAReplayHereAfterIt) {
  auto primary = std::make_unique<SwitchableLedger>();
  SwitchableLedger& shared = *primary;
  shared.reachable = false;
  FallbackLedger ledger(std::move(primary), std::make_unique<MemoryLedger>());
  EXPECT_EQ(claim_of(ledger, "c4"), Claim::kFirst);
  shared.reachable = true;  // back, and it never saw c4 (or restarted empty)
  EXPECT_EQ(claim_of(ledger, "c4"), Claim::kReplay);
}

TEST(FallbackLedger, AClaimOfAnotherInstanceInThePrimaryIsAReplay) {
  auto primary = std::make_unique<MemoryLedger>();
  MemoryLedger& shared = *primary;
  FallbackLedger ledger(std::move(primary), std::make_unique<MemoryLedger>());
  EXPECT_EQ(claim_of(shared, "c5"), Claim::kFirst);  // accepted by another instance
  EXPECT_EQ(claim_of(ledger, "c5"), Claim::kReplay);
}

TEST(FallbackLedger, ALocallyForgottenClaimIsTooOldEvenWhenThePrimaryNeverSawIt) {
  ManualClock clock;
  auto primary = std::make_unique<SwitchableLedger>();
  SwitchableLedger& shared = *primary;
  shared.reachable = false;
  FallbackLedger ledger(std::move(primary), std::make_unique<MemoryLedger>(4, clock));
  // Accepted here while the primary was away; it expires at t0 + 60 s.
  ASSERT_EQ(claim_of(ledger, "accepted-in-outage"), Claim::kFirst);
  for (const char* later : {"later-1", "later-2", "later-3", "later-4"}) {
    clock.advance(std::chrono::seconds(10));
    ASSERT_EQ(claim_of(ledger, later), Claim::kFirst) << later;  // the 4th made the table forget
  }
  shared.reachable = true;  // back, and it never saw the first claim
  // The replay computes the same expiry, t0 + 60 s, from the challenge's issue time.
  EXPECT_EQ(claim_of(ledger, "accepted-in-outage", milliseconds(20'000)), Claim::kTooOld);
}

TEST(FallbackLedger, RemembersIssuedChallengesLocallyToo) {
  ManualClock clock;
  FallbackLedger ledger(std::make_unique<UnreachableLedger>(),
                        std::make_unique<MemoryLedger>(100, clock));
  ledger.note_issued("online-1", milliseconds(60'000));
  std::optional<milliseconds> remaining;
  ledger.was_issued("online-1", [&](std::optional<milliseconds> left) { remaining = left; });
  EXPECT_EQ(remaining, milliseconds(60'000));
  ledger.was_issued("online-2", [&](std::optional<milliseconds> left) { remaining = left; });
  EXPECT_FALSE(remaining.has_value());
}

TEST(FallbackLedger, IssuedLifetimeIsThePrimarysWhenItKnowsTheChallenge) {
  ManualClock clock;
  auto primary = std::make_unique<MemoryLedger>(100, clock);
  MemoryLedger& shared = *primary;
  FallbackLedger ledger(std::move(primary), std::make_unique<MemoryLedger>(100, clock));
  shared.note_issued("noted-elsewhere", milliseconds(30'000));  // by another instance
  ledger.note_issued("noted-here", milliseconds(40'000));
  std::optional<milliseconds> remaining;
  ledger.was_issued("noted-elsewhere", [&](std::optional<milliseconds> left) { remaining = left; });
  EXPECT_EQ(remaining, milliseconds(30'000));
  ledger.was_issued("noted-here", [&](std::optional<milliseconds> left) { remaining = left; });
  EXPECT_EQ(remaining, milliseconds(40'000));
}

}  // namespace
}  // namespace gt3::offline
