// Local (offline) challenges: what /register hands out when the cloud is not used
// (docs/protocol.md section 3, "localRegister").
//
// 32 characters of [a-z0-9], the shape gt.js expects, drawn from OpenSSL's CSPRNG with rejection
// sampling so that every character is uniform (no modulo bias). Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace gt3 {

inline constexpr std::size_t kChallengeLength = 32;
inline constexpr std::string_view kLocalChallengeAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

// A fresh random challenge. Throws std::runtime_error only if the CSPRNG itself fails.
std::string random_local_challenge();

// Fills `out` with characters drawn uniformly from `alphabet` (at most 256 characters).
void fill_uniform(std::string& out, std::string_view alphabet);

// True for 32 characters of [a-z0-9].
bool is_local_challenge_shape(std::string_view challenge);

}  // namespace gt3
