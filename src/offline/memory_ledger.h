// MemoryLedger: the ChallengeLedger of one process (no Redis), with bounded memory.
//
// Challenges are kept as 64-bit fingerprints: SipHash-2-4 of the challenge under a random key per
// ledger (offline/siphash.h), so that nobody can search for challenges that collide with
// another's. Two of n remembered challenges collide with probability about n^2 / 2^65 (3e-8 for
// a million); a collision makes a first claim look like a replay, or an unknown online challenge
// look issued. Entries live in ExpiringFingerprints tables (expiry on the injected clock's steady
// time, removed as the tables are used, no sweeping thread): 12 bytes a slot at a load of 3/8 to
// 3/4, so 16 to 32 bytes an entry; a full table of a million entries takes 2^21 slots, 25 MB
// (a doubling holds little more than the new table while the entries of the one before move
// over, for 2^16 claims after it; twice the table for a moment every 12 days, when it is
// rebuilt). No claim waits on a rebuild of the table: doubling and forgetting are done a few
// slots a call.
//
// The bound is not an off switch: shorter lives under pressure. When the claims are full of
// unexpired entries, the ledger forgets those that expire soonest (about 1/16 of them) and
// remembers the horizon H, the latest expiry it forgot. From then on a claim whose expiry
// (now + ttl) is not after H + kExpirySlack answers kTooOld and is not recorded: a replay of a
// forgotten challenge computes the same expiry (challenge_ledger.h), so it can never be a first
// claim (until the table's cleaning pass reaches it, it may still be found: kReplay); a fresh
// challenge expires later than H and is recorded. Legitimate users with fresh
// challenges keep passing; refusing every claim (kUnavailable) once full, as an earlier version
// did, turned the bound into an off switch for everyone.
//
// The trade-off, in numbers: a table of N entries filled at R claims a second holds the claims of
// the last N / R seconds of challenges, so a challenge must be used within about N / R seconds of
// its issue (15/16 of it, the rest is forgotten at once). With the default N = 1,000,000: at
// 1,000 claims/s that is 1,000 s, more than the default 300 s lifetime (no effect); at 20,000/s,
// 50 s; at 100,000/s, 10 s. A user slower than that is refused (challenge_expired) and retries
// with a new challenge. Reaching such rates takes that many signed challenges that pass the
// offline policy, under the per-client rate limit. Measured (bench-like run, 20,000 claims/s of
// 360 s claims into the default table): 100,000 fresh claims after saturation all kFirst, 1,000
// replays of forgotten ones all kTooOld, 25.5 bytes an entry. Only a table filled within
// kExpirySlack (a million claims in a second) refuses fresh claims, for at most that second.
//
// The issued registry has its own bound of the same size and, when full, also forgets the
// entries closest to expiry, without a horizon: forgetting an issued challenge only makes the
// degradation reject it, which is safe. Noting a challenge again while it is remembered keeps its
// first expiry.
//
// Thread-safe (one mutex per table; the hash is computed outside it). `done` always runs inline,
// outside the lock. `clock` must outlive the ledger.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string_view>

#include "gt3/clock.h"
#include "offline/challenge_ledger.h"
#include "offline/expiring_fingerprints.h"
#include "offline/siphash.h"

namespace gt3::offline {

class MemoryLedger final : public ChallengeLedger {
 public:
  static constexpr std::size_t kDefaultMaxEntries = 1'000'000;

  explicit MemoryLedger(std::size_t max_entries = kDefaultMaxEntries,
                        const Clock& clock = SystemClock::instance());

  void claim(std::string challenge, std::chrono::milliseconds ttl, ClaimDone done) override;
  void note_issued(std::string challenge, std::chrono::milliseconds ttl) override;
  void was_issued(std::string challenge, IssuedDone done) override;

  // Entries not yet removed from each table, expired or not (for tests and metrics).
  std::size_t claimed_size() const;
  std::size_t issued_size() const;

 private:
  std::uint64_t fingerprint_of(std::string_view challenge) const;

  const Clock& clock_;
  SipHashKey key_{};
  mutable std::mutex claimed_mutex_;
  ExpiringFingerprints claimed_;
  mutable std::mutex issued_mutex_;
  ExpiringFingerprints issued_;
};

}  // namespace gt3::offline
