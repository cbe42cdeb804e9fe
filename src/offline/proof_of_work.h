// Proof of work for the `pow` offline policy (docs/design.md section 4): a real cost per attempt
// for bots, checked with one hash.
//
// The browser looks for a nonce such that SHA-256(challenge bytes followed by the nonce's decimal
// digits, no separator) has at least `difficulty` leading zero bits (the most significant bit of
// the first byte first). The nonce is written in canonical decimal: 1 to 20 digits [0-9], no sign,
// no spaces, no leading zero except for "0" itself (so each solution has one spelling), and a
// value that fits in 64 bits unsigned (at most 18446744073709551615).
//
// Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gt3/result.h"

namespace gt3::offline {

// About 2^17 = 131,072 hashes on average. Our widget's worker measured 115k-190k SHA-256/s with
// WebCrypto in headless Chromium 156 on one core of the project's VM (difficulty 16: 199 ms mean
// over 8 challenges), so 17 bits is about 0.7-1.1 s there and on a mid-range laptop: the
// "about one second" the design asks for. The default of [offline] pow_difficulty.
inline constexpr int kDefaultPowDifficulty = 17;
inline constexpr int kMaxPowDifficulty = 256;

// Ok when `nonce` is canonical decimal (above) and the hash has at least `difficulty` leading
// zero bits. Error kPowInvalid, whose detail says whether the nonce was malformed or the hash
// had too few zero bits. A difficulty of 0 accepts any well-formed nonce. Throws
// std::invalid_argument for a difficulty outside [0, kMaxPowDifficulty] (configuration validates
// it before).
Result<void> check_proof_of_work(std::string_view challenge, std::string_view nonce,
                                 int difficulty);

// The smallest nonce that passes, by brute force from 0: for tests, benchmarks and the demo.
// Expect 2^difficulty hashes; the same std::invalid_argument as above.
std::uint64_t solve_proof_of_work(std::string_view challenge, int difficulty);

// Leading zero bits of a digest of `size` bytes (8 * size for all zeros).
int leading_zero_bits(const unsigned char* digest, std::size_t size);

}  // namespace gt3::offline
