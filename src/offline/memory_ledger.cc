#include "offline/memory_ledger.h"

#include <openssl/rand.h>

#include <cstring>
#include <stdexcept>

#include "offline/sha256.h"

namespace gt3::offline {

MemoryLedger::MemoryLedger(std::size_t max_entries, const Clock& clock)
    : clock_(clock), claimed_(max_entries, clock.now()), issued_(max_entries, clock.now()) {
  if (max_entries == 0) throw std::invalid_argument("a challenge ledger needs room for entries");
  if (RAND_bytes(salt_.data(), static_cast<int>(salt_.size())) != 1) {
    throw std::runtime_error("OpenSSL could not draw the ledger's salt");
  }
}

std::uint64_t MemoryLedger::fingerprint_of(std::string_view challenge) const {
  const Sha256Digest digest = sha256(
      std::string_view(reinterpret_cast<const char*>(salt_.data()), salt_.size()), challenge);
  std::uint64_t fingerprint = 0;
  std::memcpy(&fingerprint, digest.data(), sizeof(fingerprint));
  return fingerprint;
}

void MemoryLedger::claim(std::string challenge, std::chrono::milliseconds ttl, ClaimDone done) {
  const std::uint64_t fingerprint = fingerprint_of(challenge);
  ExpiringFingerprints::Added added;
  {
    std::lock_guard lock(claimed_mutex_);
    // Never make room by forgetting a used challenge early: that would allow a replay.
    added = claimed_.add(fingerprint, ttl, clock_.now(), /*make_room=*/false);
  }
  switch (added) {
    case ExpiringFingerprints::Added::kAdded:
      return done(Claim::kFirst);
    case ExpiringFingerprints::Added::kPresent:
      return done(Claim::kReplay);
    case ExpiringFingerprints::Added::kFull:
      return done(Claim::kUnavailable);
  }
}

void MemoryLedger::note_issued(std::string challenge, std::chrono::milliseconds ttl) {
  const std::uint64_t fingerprint = fingerprint_of(challenge);
  std::lock_guard lock(issued_mutex_);
  issued_.add(fingerprint, ttl, clock_.now(), /*make_room=*/true);
}

void MemoryLedger::was_issued(std::string challenge, IssuedDone done) {
  const std::uint64_t fingerprint = fingerprint_of(challenge);
  bool issued = false;
  {
    std::lock_guard lock(issued_mutex_);
    issued = issued_.contains(fingerprint, clock_.now());
  }
  done(issued);
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
