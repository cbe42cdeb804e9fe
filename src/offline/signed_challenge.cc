#include "offline/signed_challenge.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "gt3/local_challenge.h"
#include "sdk/live_snapshot.h"

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

// The inverse of encode(); false when the text is not 32 base-36 digits below 2^160. Six limbs:
// 36^32 < 2^192, so the top one only collects what overflows 160 bits.
bool decode(std::string_view text, Value& value) {
  if (text.size() != kChallengeLength) return false;
  std::array<std::uint32_t, kValueBytes / 4 + 1> limbs{};  // limbs[0] least significant
  for (char c : text) {
    const int digit = digit_value(c);
    if (digit < 0) return false;
    std::uint64_t carry = static_cast<std::uint64_t>(digit);
    for (std::uint32_t& limb : limbs) {
      const std::uint64_t current = std::uint64_t{limb} * 36 + carry;
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

// An HMAC-SHA256 context keyed once; each tag is computed on a duplicate, which skips the key
// schedule and leaves the original untouched, so concurrent callers need no lock.
struct KeyedMac {
  explicit KeyedMac(std::string_view key) {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (mac == nullptr) throw std::runtime_error("OpenSSL has no HMAC");
    context = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac);  // the context holds its own reference
    if (context == nullptr) throw std::runtime_error("OpenSSL EVP_MAC_CTX_new failed");
    char digest_name[] = "SHA256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_MAC_init(context, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                     params) != 1) {
      EVP_MAC_CTX_free(context);
      throw std::runtime_error("OpenSSL HMAC-SHA256 could not be keyed");
    }
  }
  ~KeyedMac() { EVP_MAC_CTX_free(context); }
  KeyedMac(const KeyedMac&) = delete;
  KeyedMac& operator=(const KeyedMac&) = delete;

  Tag tag(std::string_view domain, const Body& body) const {
    ++tags_computed;
    EVP_MAC_CTX* copy = EVP_MAC_CTX_dup(context);
    if (copy == nullptr) throw std::runtime_error("OpenSSL EVP_MAC_CTX_dup failed");
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    std::size_t size = 0;
    const bool ok = EVP_MAC_update(copy, reinterpret_cast<const unsigned char*>(domain.data()),
                                   domain.size()) == 1 &&
                    EVP_MAC_update(copy, body.data(), body.size()) == 1 &&
                    EVP_MAC_final(copy, out.data(), &size, out.size()) == 1 && size >= kTagBytes;
    EVP_MAC_CTX_free(copy);
    if (!ok) throw std::runtime_error("OpenSSL HMAC-SHA256 failed");
    Tag tag{};
    std::copy_n(out.begin(), kTagBytes, tag.begin());
    return tag;
  }

  EVP_MAC_CTX* context = nullptr;
};

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
  if (RAND_bytes(value.data() + kTimeBytes, static_cast<int>(kRandomBytes)) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed: no secure randomness available");
  }
  Body body{};
  std::copy_n(value.begin(), kBodyBytes, body.begin());
  const Tag tag = keys_->live.read().macs.front()->tag(domain_of(kind), body);
  std::copy(tag.begin(), tag.end(), value.begin() + kBodyBytes);
  return encode(value);
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
    const Tag expected = mac.tag(domain_of(kind), body);
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
