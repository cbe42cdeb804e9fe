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
  void was_issued(std::string, IssuedDone done) override { done(false); }
};

// A shared ledger that goes away and comes back (with what it held before).
class SwitchableLedger final : public ChallengeLedger {
 public:
  void claim(std::string challenge, milliseconds ttl, ClaimDone done) override {
    if (!reachable) return done(Claim::kUnavailable);
    memory_.claim(std::move(challenge), ttl, std::move(done));
  }
  void note_issued(std::string, milliseconds) override {}
  void was_issued(std::string, IssuedDone done) override { done(false); }
  bool reachable = true;

 private:
  MemoryLedger memory_;
};

Claim claim_of(ChallengeLedger& ledger, const std::string& challenge) {
  std::optional<Claim> answer;
  ledger.claim(challenge, milliseconds(60'000), [&](Claim c) { answer = c; });
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

TEST(FallbackLedger, RemembersIssuedChallengesLocallyToo) {
  FallbackLedger ledger(std::make_unique<UnreachableLedger>(), std::make_unique<MemoryLedger>());
  ledger.note_issued("online-1", milliseconds(60'000));
  bool known = false;
  ledger.was_issued("online-1", [&](bool issued) { known = issued; });
  EXPECT_TRUE(known);
  ledger.was_issued("online-2", [&](bool issued) { known = issued; });
  EXPECT_FALSE(known);
}

}  // namespace
}  // namespace gt3::offline
