#include "offline/signed_challenge.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "gt3/local_challenge.h"
#include "offline/keyed_mac.h"
#include "sdk/hex.h"
#include "sdk/live_snapshot.h"
#include "sdk/secure_random.h"

namespace gt3::offline {
namespace {

constexpr std::string_view kDigits = "0123456789abcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kOfflineDomain = "gt3-offline-v1";
constexpr std::string_view kProvisionalDomain = "gt3-provisional-v1";

std::string_view domain_of(ChallengeKind kind) {
  return kind == ChallengeKind::kProvisional ? kProvisionalDomain : kOfflineDomain;
}
constexpr std::size_t kTimeBytes = 4;
constexpr std::size_t kRandomBytes = 8;
constexpr std::size_t kBodyBytes = kTimeBytes + kRandomBytes;
constexpr std::size_t kTagBytes = ChallengeSigner::kTagBits / 8;
constexpr std::size_t kValueBytes = kBodyBytes + kTagBytes;  // 20 bytes = 160 bits

thread_local std::uint64_t tags_computed = 0;

using Body = std::array<unsigned char, kBodyBytes>;
using Tag = std::array<unsigned char, kTagBytes>;
using Value = std::array<unsigned char, kValueBytes>;

// Base 36 of a 160-bit big-endian value, exactly kChallengeLength digits: repeated division of
// five 32-bit limbs by 36.
std::string encode(const Value& value) {
  std::array<std::uint32_t, kValueBytes / 4> limbs{};
  for (std::size_t i = 0; i < kValueBytes; ++i) limbs[i / 4] = (limbs[i / 4] << 8) | value[i];
  std::string out(kChallengeLength, '0');
  for (std::size_t i = kChallengeLength; i-- > 0;) {
    std::uint64_t remainder = 0;
    for (std::uint32_t& limb : limbs) {
      const std::uint64_t current = (remainder << 32) | limb;
      limb = static_cast<std::uint32_t>(current / 36);
      remainder = current % 36;
    }
    out[i] = kDigits[remainder];
  }
  return out;
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  return -1;
}

// What an online challenge looks like, and what issue() therefore never hands out.
bool is_online_shape(std::string_view text) {
  return text.size() == kChallengeLength && is_lower_hex(text);
}

// The inverse of encode(); false when the text is not 32 base-36 digits below 2^160, or is 32
// hex digits (an online challenge: not decoded, no tag computed). Six limbs: 36^32 < 2^192, so
// the top one only collects what overflows 160 bits. The digits are taken six at a time
// (36^6 < 2^32): one pass over the limbs per group, not one per digit.
bool decode(std::string_view text, Value& value) {
  if (text.size() != kChallengeLength || is_lower_hex(text)) return false;
  constexpr std::size_t kGroup = 6;
  std::array<std::uint32_t, kValueBytes / 4 + 1> limbs{};  // limbs[0] least significant
  for (std::size_t start = 0; start < text.size(); start += kGroup) {
    const std::size_t end = std::min(start + kGroup, text.size());
    std::uint64_t carry = 0;  // the group's value, then what each limb passes up
    std::uint64_t factor = 1;
    for (std::size_t i = start; i < end; ++i) {
      const int digit = digit_value(text[i]);
      if (digit < 0) return false;
      carry = carry * 36 + static_cast<std::uint64_t>(digit);
      factor *= 36;
    }
    for (std::uint32_t& limb : limbs) {
      const std::uint64_t current = std::uint64_t{limb} * factor + carry;
      limb = static_cast<std::uint32_t>(current);
      carry = current >> 32;
    }
  }
  if (limbs.back() != 0) return false;
  for (std::size_t i = 0; i < kValueBytes; ++i) {
    const std::uint32_t limb = limbs[kValueBytes / 4 - 1 - i / 4];
    value[i] = static_cast<unsigned char>(limb >> (8 * (3 - i % 4)));
  }
  return true;
}

// The tag of `body` in the domain of its kind.
Tag tag_of(const KeyedMac& mac, ChallengeKind kind, const Body& body) {
  ++tags_computed;
  Tag tag{};
  mac.tag(domain_of(kind), body, tag);
  return tag;
}

// The keyed MACs of one set of secrets: the current one first (it signs), then the previous ones.
struct Keyring {
  std::vector<std::unique_ptr<KeyedMac>> macs;
};

Keyring keyring_of(const Secret& secret, const std::vector<Secret>& previous) {
  if (const auto problem = ChallengeSigner::secrets_problem(secret, previous)) {
    throw std::invalid_argument(*problem);
  }
  Keyring keyring;
  keyring.macs.push_back(std::make_unique<KeyedMac>(secret.reveal()));
  for (const Secret& old : previous) {
    keyring.macs.push_back(std::make_unique<KeyedMac>(old.reveal()));
  }
  return keyring;
}

}  // namespace

struct ChallengeSigner::Keys {
  explicit Keys(Keyring first) : live(std::move(first)) {}
  LiveSnapshot<Keyring> live;
};

ChallengeSigner::ChallengeSigner(Secret secret, std::chrono::seconds ttl, const Clock& clock)
    : ChallengeSigner(std::move(secret), {}, ttl, clock) {}

ChallengeSigner::ChallengeSigner(Secret secret, std::vector<Secret> previous,
                                 std::chrono::seconds ttl, const Clock& clock)
    : ttl_(ttl), clock_(&clock) {
  if (ttl <= std::chrono::seconds::zero()) {
    throw std::invalid_argument("the offline challenge lifetime must be positive");
  }
  keys_ = std::make_unique<Keys>(keyring_of(secret, previous));
}

void ChallengeSigner::rekey(Secret secret, std::vector<Secret> previous) {
  keys_->live.publish(keyring_of(secret, previous));
}

std::optional<std::string> ChallengeSigner::secrets_problem(const Secret& secret,
                                                            const std::vector<Secret>& previous) {
  const std::string at_least = "at least " + std::to_string(kMinSecretBytes) + " bytes long";
  if (secret.reveal().size() < kMinSecretBytes) {
    return "the offline challenge secret must be " + at_least;
  }
  if (previous.size() > kMaxPreviousSecrets) {
    return "at most " + std::to_string(kMaxPreviousSecrets) + " previous secrets are kept, not " +
           std::to_string(previous.size()) +
           ": drop those retired longer ago than the challenge lifetime";
  }
  for (std::size_t i = 0; i < previous.size(); ++i) {
    const std::string entry = "previous secret " + std::to_string(i + 1);
    if (previous[i].reveal().size() < kMinSecretBytes) return entry + " must be " + at_least;
    if (previous[i] == secret) {
      return entry + " is the current secret: a previous secret is one that no longer signs";
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (previous[j] == previous[i]) {
        return entry + " is the same as previous secret " + std::to_string(j + 1);
      }
    }
  }
  return std::nullopt;
}

std::uint64_t ChallengeSigner::tags_computed_on_this_thread() { return tags_computed; }

ChallengeSigner::~ChallengeSigner() = default;
ChallengeSigner::ChallengeSigner(ChallengeSigner&&) noexcept = default;
ChallengeSigner& ChallengeSigner::operator=(ChallengeSigner&&) noexcept = default;

std::string ChallengeSigner::issue(ChallengeKind kind) const {
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(clock_->wall_now().time_since_epoch())
          .count();
  const auto time = static_cast<std::uint32_t>(seconds);
  Value value{};
  for (std::size_t i = 0; i < kTimeBytes; ++i) {
    value[i] = static_cast<unsigned char>(time >> (8 * (kTimeBytes - 1 - i)));
  }
  std::string text;
  do {  // drawn again one time in 2 * 10^11: 32 hex digits would read as an online challenge
    secure_random_bytes(std::span(value).subspan(kTimeBytes, kRandomBytes));
    Body body{};
    std::copy_n(value.begin(), kBodyBytes, body.begin());
    const Tag tag = tag_of(*keys_->live.read().macs.front(), kind, body);
    std::copy(tag.begin(), tag.end(), value.begin() + kBodyBytes);
    text = encode(value);
  } while (is_online_shape(text));
  return text;
}

Result<SignedChallenge> ChallengeSigner::verify(std::string_view challenge) const {
  Value value{};
  if (!decode(challenge, value)) {
    return Error{Reason::kChallengeForged,
                 "not an offline challenge of this service (32 base-36 digits below 2^160)"};
  }
  Body body{};
  std::copy_n(value.begin(), kBodyBytes, body.begin());
  const auto signed_as = [&](const KeyedMac& mac, ChallengeKind kind) {
    const Tag expected = tag_of(mac, kind, body);
    return CRYPTO_memcmp(expected.data(), value.data() + kBodyBytes, kTagBytes) == 0;
  };
  // The current secret first: what nearly every genuine challenge was signed with.
  std::optional<ChallengeKind> kind;
  for (const auto& mac : keys_->live.read().macs) {
    for (const ChallengeKind tried : {ChallengeKind::kOffline, ChallengeKind::kProvisional}) {
      if (signed_as(*mac, tried)) {
        kind = tried;
        break;
      }
    }
    if (kind) break;
  }
  if (!kind) {
    return Error{Reason::kChallengeForged, "the signature of the offline challenge is wrong"};
  }
  std::uint32_t time = 0;
  for (std::size_t i = 0; i < kTimeBytes; ++i) time = (time << 8) | value[i];
  const Clock::WallTime issued{std::chrono::seconds(time)};
  const Clock::WallTime now = clock_->wall_now();
  if (issued > now + kMaxFutureSkew) {
    return Error{Reason::kChallengeExpired,
                 "the offline challenge was issued in the future: check the clocks of the fleet"};
  }
  if (now - issued > ttl_) {
    return Error{Reason::kChallengeExpired,
                 "the offline challenge is older than " + std::to_string(ttl_.count()) + " s"};
  }
  return SignedChallenge{issued, *kind};
}

std::chrono::milliseconds ChallengeSigner::lifetime_left(const SignedChallenge& challenge) const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(challenge.issued + ttl_ -
                                                               clock_->wall_now());
}

bool ChallengeSigner::looks_signed_shape(std::string_view challenge) {
  Value value{};
  return decode(challenge, value);
}

}  // namespace gt3::offline
