// Fuzz target pow: a proof of work sent to /validate, checked by offline::check_proof_of_work.
// The first byte picks the difficulty (0-23 for most values, up to 248 for the rest), the rest
// is "challenge\nnonce" (no '\n': all challenge, empty nonce).
//
// Checks: an accepted nonce is canonical decimal (1 to 20 digits, no leading zero but "0", at
// most 2^64 - 1) and SHA-256(challenge || nonce), computed again here, has at least `difficulty`
// leading zero bits; every rejection is kPowInvalid.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "offline/proof_of_work.h"
#include "offline/sha256.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

bool canonical_u64_decimal(std::string_view nonce) {
  if (nonce.empty() || nonce.size() > 20) return false;
  for (char c : nonce) {
    if (c < '0' || c > '9') return false;
  }
  if (nonce.size() > 1 && nonce[0] == '0') return false;
  return nonce.size() < 20 || nonce <= "18446744073709551615";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const int difficulty = data[0] < 0xe0 ? data[0] % 24 : (data[0] - 0xe0) * 8;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t newline = rest.find('\n');
  const std::string_view challenge = rest.substr(0, newline);
  const std::string_view nonce =
      newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);

  const auto checked = gt3::offline::check_proof_of_work(challenge, nonce, difficulty);
  if (!checked) {
    check(checked.error().reason == gt3::Reason::kPowInvalid);
    return 0;
  }
  check(canonical_u64_decimal(nonce));
  const gt3::offline::Sha256Digest digest = gt3::offline::sha256(challenge, nonce);
  check(gt3::offline::leading_zero_bits(digest.data(), digest.size()) >= difficulty);
  return 0;
}
