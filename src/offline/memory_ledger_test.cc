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

constexpr milliseconds kTtl{1000};

// The memory ledger answers inline, so the answer is there when the call returns.
Claim claim(MemoryLedger& ledger, const std::string& challenge, milliseconds ttl = kTtl) {
  std::optional<Claim> answer;
  ledger.claim(challenge, ttl, [&](Claim c) { answer = c; });
  EXPECT_TRUE(answer.has_value()) << "done did not run inline";
  return answer.value_or(Claim::kUnavailable);
}

bool was_issued(MemoryLedger& ledger, const std::string& challenge) {
  std::optional<bool> answer;
  ledger.was_issued(challenge, [&](bool issued) { answer = issued; });
  EXPECT_TRUE(answer.has_value()) << "done did not run inline";
  return answer.value_or(false);
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

TEST(MemoryLedger, RefusesNewClaimsWhenFullRatherThanForgetAUsedChallenge) {
  ManualClock clock;
  MemoryLedger ledger(3, clock);
  for (const char* c : {"a", "b", "c"}) ASSERT_EQ(claim(ledger, c), Claim::kFirst);
  EXPECT_EQ(claim(ledger, "d"), Claim::kUnavailable);
  EXPECT_EQ(claim(ledger, "a"), Claim::kReplay);
  EXPECT_EQ(ledger.claimed_size(), 3u);
  clock.advance(kTtl);
  // Expired entries make room (when they leave is the table's business, not a promise).
  EXPECT_EQ(claim(ledger, "d"), Claim::kFirst);
  EXPECT_EQ(claim(ledger, "e"), Claim::kFirst);
  EXPECT_EQ(claim(ledger, "a"), Claim::kFirst);
  EXPECT_EQ(claim(ledger, "f"), Claim::kUnavailable) << "d, e and a fill it again";
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
