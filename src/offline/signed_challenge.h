// ChallengeSigner: offline challenges that carry their own proof of origin (docs/design.md
// section 3).
//
// /validate recognises a challenge it issued while offline without any store: the challenge
// encodes when it was issued, fresh randomness and a truncated HMAC under a server secret.
//
// Encoding (version 1). A 160-bit big-endian number
//
//     bits 159..128  issue time, whole seconds since the Unix epoch (wall clock), unsigned 32 bits
//     bits 127..64   64 bits from OpenSSL's CSPRNG (RAND_bytes)
//     bits  63..0    tag: the first 8 bytes of
//                    HMAC-SHA256(key = secret, domain || time (4 bytes BE) || random (8))
//
// The domain says what kind of offline challenge it is: "gt3-offline-v1" for one handed out
// while the service is offline, "gt3-provisional-v1" for one handed out while the status said
// online but that request's register call failed. A tag made for one kind never verifies as the
// other, so a client cannot turn a provisional challenge into a plain one.
//
// written in base 36 with the digits "0123456789abcdefghijklmnopqrstuvwxyz", most significant
// first, left-padded with '0' to exactly 32 characters (36^32 > 2^165, so every value fits). The
// result is 32 characters of [a-z0-9], the shape gt.js expects. The tag has 64 bits: a guess is
// accepted with probability 2^-64. Tags are compared in constant time (CRYPTO_memcmp). A
// 32-character string whose base-36 value is 2^160 or more is not ours. Neither is one of 32
// hex digits, the shape of an online challenge: issue() draws again on the rare value that
// encodes to one (one in 2 * 10^11), so verify() reports it as forged without computing a tag.
//
// A challenge is fresh while now - issue time <= ttl and the issue time is at most
// kMaxFutureSkew ahead of now (clocks of a fleet differ a little). Since the issue time is
// rounded down to the second, a challenge lives between ttl - 1 s and ttl.
//
// Rotation (docs/operations.md, "Rotate"). Challenges are signed with the current secret only,
// and verified against it, then against each previous secret (at most kMaxPreviousSecrets), so
// that challenges signed before a rotation keep passing until they expire, and a fleet can roll
// one instance at a time. A previous secret widens nothing else: a challenge passes only if one
// of these secrets signed it, under its own kind's domain, and it is fresh; single use is the
// ledger's business, unchanged. rekey() swaps the secrets while requests run: each call sees the
// old set or the new one, never a mix.
//
// Cost: one HMAC per (secret, domain) tried, each compared in constant time. A forged challenge
// costs 2 x (1 + previous secrets) HMACs, 10 at most, a few microseconds; a genuine one stops at
// its secret. issue() costs one HMAC and 8 random bytes.
//
// Thread-safe: issue(), verify() and rekey() may be called concurrently from any thread; reading
// the secrets takes no lock on the request path (sdk/live_snapshot.h). The secrets are kept only
// inside OpenSSL's keyed HMAC contexts and never appear in an error.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gt3/clock.h"
#include "gt3/result.h"
#include "gt3/secret.h"

namespace gt3::offline {

enum class ChallengeKind {
  kOffline,      // issued while the service is offline (or, in failback mode, after a failure)
  kProvisional,  // issued while online after this request's register call failed
};

// What verify() learns from a challenge it signed.
struct SignedChallenge {
  Clock::WallTime issued;
  ChallengeKind kind = ChallengeKind::kOffline;
};

class ChallengeSigner {
 public:
  static constexpr std::size_t kMinSecretBytes = 16;
  static constexpr std::size_t kMaxPreviousSecrets = 4;
  static constexpr int kTagBits = 64;
  static constexpr std::chrono::seconds kMaxFutureSkew{30};

  // Throws std::invalid_argument when secrets_problem() finds one, or for a ttl that is not
  // positive (configuration validates both before). `clock` must outlive the signer.
  ChallengeSigner(Secret secret, std::chrono::seconds ttl,
                  const Clock& clock = SystemClock::instance());
  ChallengeSigner(Secret secret, std::vector<Secret> previous, std::chrono::seconds ttl,
                  const Clock& clock = SystemClock::instance());
  ~ChallengeSigner();
  ChallengeSigner(ChallengeSigner&&) noexcept;
  ChallengeSigner& operator=(ChallengeSigner&&) noexcept;

  // A fresh signed challenge, 32 characters of [a-z0-9]. Throws std::runtime_error only if
  // OpenSSL itself fails (no randomness).
  std::string issue(ChallengeKind kind = ChallengeKind::kOffline) const;

  // Issue time and kind when `challenge` was issued under this secret and is still fresh. Errors:
  //   kChallengeForged   not 32 characters of [a-z0-9], not a 160-bit value, or a wrong tag
  //   kChallengeExpired  the tag is right but it is older than ttl, or issued more than
  //                      kMaxFutureSkew in the future
  Result<SignedChallenge> verify(std::string_view challenge) const;

  // From now on, sign with `secret` and verify against it and `previous`. Throws
  // std::invalid_argument (and keeps the secrets it had) when secrets_problem() finds one.
  void rekey(Secret secret, std::vector<Secret> previous);

  // Why these secrets cannot be used together, naming the entry but never a value: the secret or
  // a previous one shorter than kMinSecretBytes, more than kMaxPreviousSecrets previous ones, a
  // previous one equal to the secret or to another. nullopt when they can.
  static std::optional<std::string> secrets_problem(const Secret& secret,
                                                    const std::vector<Secret>& previous);

  // True for 32 characters of [a-z0-9], not all hex digits, whose base-36 value is below 2^160:
  // what issue() can produce, whatever the secret. Says nothing about the tag.
  static bool looks_signed_shape(std::string_view challenge);

  // HMAC tags computed by issue() and verify() on the calling thread so far: what the cost tests
  // count.
  static std::uint64_t tags_computed_on_this_thread();

  std::chrono::seconds ttl() const { return ttl_; }

  // How long `challenge` has left to live, on the signer's clock (negative once expired). Every
  // call for one challenge points at the same moment: what a single-use record must outlive.
  std::chrono::milliseconds lifetime_left(const SignedChallenge& challenge) const;

 private:
  struct Keys;

  std::chrono::seconds ttl_;
  const Clock* clock_;
  std::unique_ptr<Keys> keys_;
};

}  // namespace gt3::offline
