// MemoryLedger: the ChallengeLedger of one process (no Redis), with bounded memory.
//
// Challenges are kept as 64-bit fingerprints: the first 8 bytes of SHA-256(salt + challenge),
// with a random salt per ledger, so that nobody can search for challenges that collide with
// another's. Two of n remembered challenges collide with probability about n^2 / 2^65 (3e-8 for
// a million); a collision makes a first claim look like a replay, or an unknown online challenge
// look issued. Entries live in ExpiringFingerprints tables (expiry on the injected clock's steady
// time, removed as the tables are used, no sweeping thread): 16 to 32 bytes an entry, so a full
// table of a million entries takes 25 MB.
//
// When the claims are full of unexpired entries, a new claim is refused with kUnavailable: a
// forgotten used challenge could be replayed, so the ledger never forgets one early. Size it for
// (accepted validations per second) x (challenge lifetime). The issued registry has its own
// bound of the same size and, when full, forgets the entries closest to expiry instead: forgetting
// an issued challenge only makes the degradation reject it, which is safe. Noting a challenge
// again while it is remembered keeps its first expiry.
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
  std::array<unsigned char, 16> salt_{};
  mutable std::mutex claimed_mutex_;
  ExpiringFingerprints claimed_;
  mutable std::mutex issued_mutex_;
  ExpiringFingerprints issued_;
};

}  // namespace gt3::offline
