#include "gt3/local_challenge.h"

#include <array>
#include <stdexcept>

#include "sdk/secure_random.h"

namespace gt3 {

void fill_uniform(std::string& out, std::string_view alphabet) {
  if (alphabet.empty() || alphabet.size() > 256) {
    throw std::invalid_argument("fill_uniform needs an alphabet of 1 to 256 characters");
  }
  // Rejection sampling: a byte is used only below the largest multiple of the alphabet size, so
  // `byte % size` is uniform (a plain modulo would favour the first 256 % size characters).
  const unsigned size = static_cast<unsigned>(alphabet.size());
  const unsigned limit = 256 - (256 % size);
  std::array<unsigned char, 64> pool{};
  std::size_t filled = 0;
  while (filled < out.size()) {
    secure_random_bytes(pool);
    for (unsigned char byte : pool) {
      if (byte >= limit) continue;
      out[filled++] = alphabet[byte % size];
      if (filled == out.size()) break;
    }
  }
}

std::string random_local_challenge() {
  std::string challenge(kChallengeLength, '\0');
  fill_uniform(challenge, kLocalChallengeAlphabet);
  return challenge;
}

bool is_local_challenge_shape(std::string_view challenge) {
  if (challenge.size() != kChallengeLength) return false;
  for (char c : challenge) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

}  // namespace gt3
