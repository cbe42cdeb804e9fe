#include "testing/manual_clock.h"
#include "offline/memory_ledger.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace gt3::offline {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr milliseconds kTtl{1000};

// The memory ledger answers inline, so the answer is there when the call returns.
Claim claim(MemoryLedger& ledger, const std::string& challenge, milliseconds ttl = kTtl) {
  std::optional<Claim> answer;
  ledger.claim(challenge, ttl, [&](Claim c) { answer = c; });
  EXPECT_TRUE(answer.has_value()) << "done did not run inline";
  return answer.value_or(Claim::kUnavailable);
}

std::optional<milliseconds> remaining(MemoryLedger& ledger, const std::string& challenge) {
  std::optional<std::optional<milliseconds>> answer;
  ledger.was_issued(challenge, [&](std::optional<milliseconds> left) { answer = left; });
  EXPECT_TRUE(answer.has_value()) << "done did not run inline";
  return answer.value_or(std::nullopt);
}

bool was_issued(MemoryLedger& ledger, const std::string& challenge) {
  return remaining(ledger, challenge).has_value();
}

// `claims` claims c0, c1, ... made 10 s apart, each expiring 360 s after it was made (as if used at
// once). With 17 claims in a table of 16, the 17th makes it forget the soonest 1/16 of a sample,
// which in so small a table is c0 and c1 (the horizon is c1's expiry); c2 to c16 are remembered.
struct Filled {
  Clock::SteadyTime first_claim;
  Clock::SteadyTime expiry_of(int i) const { return first_claim + seconds(10 * i + 360); }
};
constexpr milliseconds kLife{360'000};

Filled fill_past_the_bound(MemoryLedger& ledger, ManualClock& clock, int claims) {
  const Filled filled{clock.now()};
  for (int i = 0; i < claims; ++i) {
    if (i > 0) clock.advance(seconds(10));
    EXPECT_EQ(claim(ledger, "c" + std::to_string(i), kLife), Claim::kFirst) << i;
  }
  return filled;
}

// The ttl a caller computes for claim `i` of fill_past_the_bound() now: same expiry.
milliseconds ttl_of(const Filled& filled, int i, const ManualClock& clock) {
  return std::chrono::duration_cast<milliseconds>(filled.expiry_of(i) - clock.now());
}

TEST(MemoryLedger, FirstClaimWinsAndLaterClaimsAreReplays) {
  ManualClock clock;
  MemoryLedger ledger(100, clock);
  EXPECT_EQ(claim(ledger, "challenge-a"), Claim::kFirst);
  EXPECT_EQ(claim(ledger, "challenge-a"), Claim::kReplay);
  EXPECT_EQ(claim(ledger, "challenge-a"), Claim::kReplay);
  EXPECT_EQ(claim(ledger, "challenge-b"), Claim::kFirst);
}

TEST(MemoryLedger, RemembersAClaimUntilItsTtlRunsOut) {
  ManualClock clock;
  MemoryLedger ledger(100, clock);
  ASSERT_EQ(claim(ledger, "challenge-a"), Claim::kFirst);
  clock.advance(kTtl - milliseconds(1));
  EXPECT_EQ(claim(ledger, "challenge-a"), Claim::kReplay);
  clock.advance(milliseconds(1));
  EXPECT_EQ(claim(ledger, "challenge-a"), Claim::kFirst);
}

TEST(MemoryLedger, EvictsExpiredClaimsWhateverTheirTtlOrder) {
  ManualClock clock;
  MemoryLedger ledger(100, clock);
  ASSERT_EQ(claim(ledger, "long", milliseconds(5000)), Claim::kFirst);
  ASSERT_EQ(claim(ledger, "short", milliseconds(100)), Claim::kFirst);
  clock.advance(milliseconds(100));
  EXPECT_EQ(claim(ledger, "short", milliseconds(100)), Claim::kFirst);
  EXPECT_EQ(claim(ledger, "long", milliseconds(5000)), Claim::kReplay);
}

TEST(MemoryLedger, FreshClaimPassesWhenTheTableIsFullOfUnexpiredClaims) {
  ManualClock clock;
  MemoryLedger ledger(16, clock);
  fill_past_the_bound(ledger, clock, 16);
  ASSERT_EQ(ledger.claimed_size(), 16u);
  for (int i = 0; i < 100; ++i) {
    clock.advance(seconds(10));
    ASSERT_EQ(claim(ledger, "fresh-" + std::to_string(i), kLife), Claim::kFirst) << i;
  }
}

TEST(MemoryLedger, ReplayOfAForgottenClaimIsTooOldNeverFirst) {
  ManualClock clock;
  MemoryLedger ledger(16, clock);
  const Filled filled = fill_past_the_bound(ledger, clock, 17);  // the 17th forgot c0
  EXPECT_EQ(claim(ledger, "c0", ttl_of(filled, 0, clock)), Claim::kTooOld);
  clock.advance(seconds(100));
  EXPECT_EQ(claim(ledger, "c0", ttl_of(filled, 0, clock)), Claim::kTooOld) << "not recorded";
}

TEST(MemoryLedger, ReplayComputingASlightlyLaterExpiryIsStillTooOld) {
  // Two claims of one challenge read the wall clock and the steady clock at different moments.
  ManualClock clock;
  MemoryLedger ledger(16, clock);
  const Filled filled = fill_past_the_bound(ledger, clock, 17);
  // c1's expiry is the horizon itself.
  EXPECT_EQ(claim(ledger, "c1", ttl_of(filled, 1, clock) + kExpirySlack), Claim::kTooOld);
}

TEST(MemoryLedger, ReplayOfARememberedClaimIsAReplay) {
  ManualClock clock;
  MemoryLedger ledger(16, clock);
  const Filled filled = fill_past_the_bound(ledger, clock, 17);
  for (int i = 2; i < 17; ++i) {
    EXPECT_EQ(claim(ledger, "c" + std::to_string(i), ttl_of(filled, i, clock)), Claim::kReplay)
        << i;
  }
}

TEST(MemoryLedger, OldChallengeNeverClaimedBeforeIsTooOldOnceTheHorizonPassedIt) {
  ManualClock clock;
  MemoryLedger ledger(16, clock);
  const Filled filled = fill_past_the_bound(ledger, clock, 17);
  // Issued with c0, used only now: it cannot be told apart from a forgotten one.
  EXPECT_EQ(claim(ledger, "never-claimed", ttl_of(filled, 0, clock)), Claim::kTooOld);
  EXPECT_EQ(claim(ledger, "never-claimed", kLife), Claim::kFirst) << "fresh: after the horizon";
}

TEST(MemoryLedger, HorizonStopsMatteringOnceItHasPassed) {
  ManualClock clock;
  MemoryLedger ledger(16, clock);
  const Filled filled = fill_past_the_bound(ledger, clock, 17);
  clock.advance(filled.expiry_of(1) + kExpirySlack - clock.now());
  EXPECT_EQ(claim(ledger, "short-lived", milliseconds(1)), Claim::kFirst);
}

TEST(MemoryLedger, StaysWithinItsBoundUnderSustainedFreshClaims) {
  ManualClock clock;
  MemoryLedger ledger(16, clock);
  for (int i = 0; i < 10'000; ++i) {
    ASSERT_EQ(claim(ledger, "claim-" + std::to_string(i), kLife), Claim::kFirst) << i;
    ASSERT_LE(ledger.claimed_size(), 16u);
    clock.advance(seconds(10));
  }
}

TEST(MemoryLedger, ExpiredClaimsMakeRoomWithoutAHorizon) {
  ManualClock clock;
  MemoryLedger ledger(3, clock);
  for (const char* c : {"a", "b", "c"}) ASSERT_EQ(claim(ledger, c), Claim::kFirst);
  clock.advance(kTtl);
  // Only expired claims were dropped: nothing unexpired was forgotten, so nothing is too old.
  EXPECT_EQ(claim(ledger, "d", milliseconds(1)), Claim::kFirst);
  EXPECT_EQ(claim(ledger, "e", milliseconds(1)), Claim::kFirst);
  EXPECT_EQ(claim(ledger, "a", milliseconds(1)), Claim::kFirst);
}

TEST(MemoryLedger, NeverHoldsMoreThanItsBound) {
  ManualClock clock;
  MemoryLedger ledger(50, clock);
  for (int i = 0; i < 1000; ++i) {
    claim(ledger, "challenge-" + std::to_string(i), milliseconds(100 + i % 7));
    ledger.note_issued("online-" + std::to_string(i), milliseconds(100 + i % 7));
    ASSERT_LE(ledger.claimed_size(), 50u);
    ASSERT_LE(ledger.issued_size(), 50u);
    clock.advance(milliseconds(1));
  }
}

TEST(MemoryLedger, IssuedChallengeReportsItsRemainingLifetime) {
  ManualClock clock;
  MemoryLedger ledger(100, clock);
  ledger.note_issued("online-a", milliseconds(300'000));
  EXPECT_EQ(remaining(ledger, "online-a"), milliseconds(300'000));
  clock.advance(milliseconds(100'250));
  EXPECT_EQ(remaining(ledger, "online-a"), milliseconds(199'750));
  clock.advance(std::chrono::microseconds(199'749'500));
  EXPECT_EQ(remaining(ledger, "online-a"), milliseconds(1)) << "rounded up while it lives";
  clock.advance(std::chrono::microseconds(500));
  EXPECT_EQ(remaining(ledger, "online-a"), std::nullopt);
  EXPECT_EQ(remaining(ledger, "online-b"), std::nullopt);
}

TEST(MemoryLedger, GivesExactlyOneFirstClaimToEightConcurrentThreads) {
  MemoryLedger ledger(10'000);
  constexpr int kThreads = 8;
  constexpr int kChallenges = 200;
  std::vector<std::atomic<int>> firsts(kChallenges);
  std::atomic<int> unavailable{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      for (int i = 0; i < kChallenges; ++i) {
        ledger.claim("challenge-" + std::to_string(i), std::chrono::seconds(60), [&, i](Claim c) {
          if (c == Claim::kFirst) ++firsts[i];
          if (c == Claim::kUnavailable) ++unavailable;
        });
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(unavailable.load(), 0);
  for (int i = 0; i < kChallenges; ++i) EXPECT_EQ(firsts[i].load(), 1) << "challenge " << i;
}

TEST(MemoryLedger, RemembersIssuedChallengesUntilTheirTtlRunsOut) {
  ManualClock clock;
  MemoryLedger ledger(100, clock);
  ledger.note_issued("online-a", kTtl);
  EXPECT_TRUE(was_issued(ledger, "online-a"));
  EXPECT_FALSE(was_issued(ledger, "online-b"));
  clock.advance(kTtl - milliseconds(1));
  EXPECT_TRUE(was_issued(ledger, "online-a"));
  clock.advance(milliseconds(1));
  EXPECT_FALSE(was_issued(ledger, "online-a"));
}

TEST(MemoryLedger, KeepsTheFirstExpiryWhenAChallengeIsNotedTwice) {
  ManualClock clock;
  MemoryLedger ledger(100, clock);
  ledger.note_issued("online-a", kTtl);
  clock.advance(kTtl / 2);
  ledger.note_issued("online-a", kTtl);
  clock.advance(kTtl / 2);
  EXPECT_FALSE(was_issued(ledger, "online-a"));
}

TEST(MemoryLedger, ForgetsTheIssuedChallengeClosestToExpiryWhenFull) {
  ManualClock clock;
  MemoryLedger ledger(2, clock);
  ledger.note_issued("soon", milliseconds(100));
  ledger.note_issued("later", milliseconds(900));
  ledger.note_issued("new", milliseconds(500));
  EXPECT_FALSE(was_issued(ledger, "soon"));
  EXPECT_TRUE(was_issued(ledger, "later"));
  EXPECT_TRUE(was_issued(ledger, "new"));
}

TEST(MemoryLedger, KeepsClaimsAndIssuedChallengesApart) {
  ManualClock clock;
  MemoryLedger ledger(100, clock);
  ledger.note_issued("same", kTtl);
  EXPECT_EQ(claim(ledger, "same"), Claim::kFirst);
  EXPECT_TRUE(was_issued(ledger, "same"));
}

TEST(MemoryLedger, TreatsANonPositiveTtlAsOneMillisecond) {
  ManualClock clock;
  MemoryLedger ledger(100, clock);
  ASSERT_EQ(claim(ledger, "a", milliseconds(0)), Claim::kFirst);
  EXPECT_EQ(claim(ledger, "a", milliseconds(0)), Claim::kReplay);
  clock.advance(milliseconds(1));
  EXPECT_EQ(claim(ledger, "a", milliseconds(-5)), Claim::kFirst);
}

}  // namespace
}  // namespace gt3::offline
