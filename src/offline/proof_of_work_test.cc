#include "offline/proof_of_work.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "offline/sha256.h"

namespace gt3::offline {
namespace {

// Computed independently with Python's hashlib:
//   sha256(b"gt3-known-answer-challenge-00001" + b"13511") = 0000849ae5da...
// the smallest nonce with 16 leading zero bits (exactly 16: the third byte is 0x84).
constexpr std::string_view kKnownChallenge = "gt3-known-answer-challenge-00001";
constexpr std::uint64_t kKnownNonce16 = 13511;
constexpr std::uint64_t kKnownNonce8 = 183;

bool passes(std::string_view challenge, std::string_view nonce, int difficulty) {
  return check_proof_of_work(challenge, nonce, difficulty).has_value();
}

TEST(ProofOfWork, SolverFindsTheKnownSmallestNonces) {
  EXPECT_EQ(solve_proof_of_work(kKnownChallenge, 8), kKnownNonce8);
  EXPECT_EQ(solve_proof_of_work(kKnownChallenge, 16), kKnownNonce16);
}

TEST(ProofOfWork, AcceptsTheKnownAnswerAtItsExactDifficulty) {
  EXPECT_TRUE(passes(kKnownChallenge, "13511", 16));
  EXPECT_TRUE(passes(kKnownChallenge, "13511", 15));
  auto result = check_proof_of_work(kKnownChallenge, "13511", 17);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().reason, Reason::kPowInvalid);
  EXPECT_NE(result.error().detail.find("16 leading zero bits"), std::string::npos)
      << result.error().detail;
}

TEST(ProofOfWork, AcceptsASolvedNonce) {
  const std::string challenge = "abcdefghijklmnopqrstuvwxyz012345";
  const std::uint64_t nonce = solve_proof_of_work(challenge, kDefaultPowDifficulty);
  EXPECT_TRUE(passes(challenge, std::to_string(nonce), kDefaultPowDifficulty));
}

TEST(ProofOfWork, RejectsTheNextNonceAfterASolution) {
  // The solver returns the smallest solution, so nonce + 1 passes only if it is a solution too:
  // probability 2^-16.
  EXPECT_FALSE(passes(kKnownChallenge, std::to_string(kKnownNonce16 + 1), 16));
}

TEST(ProofOfWork, RejectsASolutionForAnotherChallenge) {
  EXPECT_FALSE(passes("gt3-known-answer-challenge-00002", "13511", 16));
}

TEST(ProofOfWork, RejectsMalformedNoncesWithADetailSayingSo) {
  for (std::string_view nonce :
       {"", "-1", "+1", "1e3", " 5", "5 ", "0x10", "013511", "00", "1.0", "١",
        "123456789012345678901", "18446744073709551616", "99999999999999999999"}) {
    auto result = check_proof_of_work(kKnownChallenge, nonce, 0);
    ASSERT_FALSE(result) << "accepted '" << nonce << "'";
    EXPECT_EQ(result.error().reason, Reason::kPowInvalid);
    EXPECT_NE(result.error().detail.find("nonce"), std::string::npos) << result.error().detail;
  }
}

TEST(ProofOfWork, AcceptsEveryWellFormedNonceAtDifficultyZero) {
  for (std::string_view nonce : {"0", "1", "13512", "18446744073709551615"}) {
    EXPECT_TRUE(passes(kKnownChallenge, nonce, 0)) << nonce;
  }
}

TEST(ProofOfWork, RefusesADifficultyOutOfRange) {
  EXPECT_THROW(check_proof_of_work(kKnownChallenge, "0", -1), std::invalid_argument);
  EXPECT_THROW(check_proof_of_work(kKnownChallenge, "0", kMaxPowDifficulty + 1),
               std::invalid_argument);
}

TEST(ProofOfWork, CountsLeadingZeroBitsFromTheFirstByte) {
  const unsigned char zeros[] = {0, 0, 0};
  const unsigned char bits[] = {0x00, 0x84, 0xff};
  const unsigned char none[] = {0x80, 0x00};
  EXPECT_EQ(leading_zero_bits(zeros, sizeof(zeros)), 24);
  EXPECT_EQ(leading_zero_bits(bits, sizeof(bits)), 8);
  EXPECT_EQ(leading_zero_bits(none, sizeof(none)), 0);
  EXPECT_EQ(leading_zero_bits(nullptr, 0), 0);
}

TEST(Sha256, MatchesTheStandardTestVector) {
  // FIPS 180-2: SHA-256("abc") = ba7816bf...
  const Sha256Digest digest = sha256("ab", "c");
  EXPECT_EQ(digest[0], 0xba);
  EXPECT_EQ(digest[1], 0x78);
  EXPECT_EQ(digest[31], 0xad);
}

}  // namespace
}  // namespace gt3::offline
