#include "offline/proof_of_work.h"

#include <bit>
#include <charconv>
#include <memory>
#include <stdexcept>
#include <string>

#include "offline/sha256.h"

namespace gt3::offline {
namespace {

constexpr std::size_t kMaxNonceDigits = 20;  // 18446744073709551615

void check_difficulty(int difficulty) {
  if (difficulty < 0 || difficulty > kMaxPowDifficulty) {
    throw std::invalid_argument("proof-of-work difficulty must be between 0 and " +
                                std::to_string(kMaxPowDifficulty) + " leading zero bits, not " +
                                std::to_string(difficulty));
  }
}

// Empty when `nonce` is canonical decimal, otherwise what is wrong with it.
std::string_view nonce_problem(std::string_view nonce) {
  if (nonce.empty()) return "the nonce is empty";
  if (nonce.size() > kMaxNonceDigits) return "the nonce has more than 20 digits";
  for (char c : nonce) {
    if (c < '0' || c > '9') return "the nonce is not made of decimal digits only";
  }
  if (nonce.size() > 1 && nonce.front() == '0') return "the nonce has a leading zero";
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(nonce.data(), nonce.data() + nonce.size(), value);
  if (error != std::errc() || end != nonce.data() + nonce.size()) {
    return "the nonce does not fit in 64 bits";
  }
  return {};
}

}  // namespace

int leading_zero_bits(const unsigned char* digest, std::size_t size) {
  int bits = 0;
  for (std::size_t i = 0; i < size; ++i) {
    if (digest[i] != 0) return bits + std::countl_zero(digest[i]);
    bits += 8;
  }
  return bits;
}

Result<void> check_proof_of_work(std::string_view challenge, std::string_view nonce,
                                 int difficulty) {
  check_difficulty(difficulty);
  if (std::string_view problem = nonce_problem(nonce); !problem.empty()) {
    return Error{Reason::kPowInvalid,
                 std::string(problem) + ": expected 1 to 20 decimal digits without leading zeros"};
  }
  const Sha256Digest digest = sha256(challenge, nonce);
  const int zeros = leading_zero_bits(digest.data(), digest.size());
  if (zeros < difficulty) {
    return Error{Reason::kPowInvalid, "the proof of work has " + std::to_string(zeros) +
                                          " leading zero bits, " + std::to_string(difficulty) +
                                          " are required"};
  }
  return {};
}

std::uint64_t solve_proof_of_work(std::string_view challenge, int difficulty) {
  check_difficulty(difficulty);
  const Sha256Prefix prefix(challenge);
  const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> scratch(EVP_MD_CTX_new(),
                                                                        &EVP_MD_CTX_free);
  if (!scratch) throw std::runtime_error("OpenSSL EVP_MD_CTX_new failed");
  char text[kMaxNonceDigits];
  for (std::uint64_t nonce = 0;; ++nonce) {
    const auto end = std::to_chars(text, text + sizeof(text), nonce).ptr;
    const Sha256Digest digest = prefix.with_suffix({text, end}, scratch.get());
    if (leading_zero_bits(digest.data(), digest.size()) >= difficulty) return nonce;
  }
}

}  // namespace gt3::offline
