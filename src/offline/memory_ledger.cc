#include "offline/memory_ledger.h"

#include <openssl/rand.h>

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "offline/siphash.h"

namespace gt3::offline {

MemoryLedger::MemoryLedger(std::size_t max_entries, const Clock& clock)
    : clock_(clock), claimed_(max_entries, clock.now()), issued_(max_entries, clock.now()) {
  if (max_entries == 0) throw std::invalid_argument("a challenge ledger needs room for entries");
  if (RAND_bytes(key_.data(), static_cast<int>(key_.size())) != 1) {
    throw std::runtime_error("OpenSSL could not draw the ledger's key");
  }
}

std::uint64_t MemoryLedger::fingerprint_of(std::string_view challenge) const {
  return siphash24(key_, challenge);
}

void MemoryLedger::claim(std::string challenge, std::chrono::milliseconds ttl, ClaimDone done) {
  const std::uint64_t fingerprint = fingerprint_of(challenge);
  const Claim answer = [&] {
    std::lock_guard lock(claimed_mutex_);
    const Clock::SteadyTime now = clock_.now();
    if (claimed_.contains(fingerprint, now)) return Claim::kReplay;
    // Room is made before the horizon is read, so that a claim expiring before what this very
    // call forgets is refused too.
    claimed_.make_room(now);
    const auto horizon = claimed_.forgotten_until();
    if (horizon && now + std::max(ttl, std::chrono::milliseconds(1)) <= *horizon + kExpirySlack) {
      return Claim::kTooOld;  // it may be a forgotten one
    }
    switch (claimed_.add(fingerprint, ttl, now, /*make_room=*/false)) {
      case ExpiringFingerprints::Added::kAdded:
        return Claim::kFirst;
      case ExpiringFingerprints::Added::kPresent:
        return Claim::kReplay;
      case ExpiringFingerprints::Added::kFull:
        break;  // make_room() found nothing to forget: only an empty sample of a full table
    }
    return Claim::kUnavailable;
  }();
  done(answer);
}

void MemoryLedger::note_issued(std::string challenge, std::chrono::milliseconds ttl) {
  const std::uint64_t fingerprint = fingerprint_of(challenge);
  std::lock_guard lock(issued_mutex_);
  issued_.add(fingerprint, ttl, clock_.now(), /*make_room=*/true);
}

void MemoryLedger::was_issued(std::string challenge, IssuedDone done) {
  const std::uint64_t fingerprint = fingerprint_of(challenge);
  std::optional<std::chrono::milliseconds> remaining;
  {
    std::lock_guard lock(issued_mutex_);
    remaining = issued_.remaining(fingerprint, clock_.now());
  }
  done(remaining);
}

std::size_t MemoryLedger::claimed_size() const {
  std::lock_guard lock(claimed_mutex_);
  return claimed_.size();
}

std::size_t MemoryLedger::issued_size() const {
  std::lock_guard lock(issued_mutex_);
  return issued_.size();
}

}  // namespace gt3::offline
