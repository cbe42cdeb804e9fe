#include "offline/memory_ledger.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "offline/sha256.h"

namespace gt3::offline {

MemoryLedger::MemoryLedger(std::size_t max_entries, const Clock& clock)
    : max_entries_(max_entries), clock_(clock) {
  if (max_entries == 0) throw std::invalid_argument("a challenge ledger needs room for entries");
}

std::size_t MemoryLedger::KeyHash::operator()(const Key& key) const {
  std::size_t hash = 0;  // the key is already a cryptographic hash: any 8 bytes of it will do
  std::memcpy(&hash, key.data(), sizeof(hash));
  return hash;
}

MemoryLedger::Key MemoryLedger::key_of(std::string_view challenge) {
  const Sha256Digest digest = sha256(challenge);
  Key key{};
  std::copy_n(digest.begin(), key.size(), key.begin());
  return key;
}

MemoryLedger::Expiry MemoryLedger::expiry_after(std::chrono::milliseconds ttl) const {
  return clock_.now() + std::max(ttl, std::chrono::milliseconds(1));
}

// Every entry has exactly one element in by_expiry with the same expiry (an entry is inserted
// only when absent and never updated), so popping the queue is enough to keep both in step.
void MemoryLedger::Table::evict_expired(Expiry now) {
  while (!by_expiry.empty() && by_expiry.top().expiry <= now) {
    entries.erase(by_expiry.top().key);
    by_expiry.pop();
  }
}

void MemoryLedger::Table::evict_soonest() {
  if (by_expiry.empty()) return;
  entries.erase(by_expiry.top().key);
  by_expiry.pop();
}

void MemoryLedger::Table::insert(const Key& key, Expiry expiry) {
  entries.emplace(key, expiry);
  by_expiry.push(Queued{expiry, key});
}

void MemoryLedger::claim(std::string challenge, std::chrono::milliseconds ttl, ClaimDone done) {
  const Key key = key_of(challenge);
  Claim claim = Claim::kFirst;
  {
    std::lock_guard lock(claimed_mutex_);
    const Expiry now = clock_.now();
    claimed_.evict_expired(now);
    if (claimed_.entries.contains(key)) {
      claim = Claim::kReplay;
    } else if (claimed_.entries.size() >= max_entries_) {
      claim = Claim::kUnavailable;  // never forget a used challenge early: that would be a replay
    } else {
      claimed_.insert(key, expiry_after(ttl));
    }
  }
  done(claim);
}

void MemoryLedger::note_issued(std::string challenge, std::chrono::milliseconds ttl) {
  const Key key = key_of(challenge);
  std::lock_guard lock(issued_mutex_);
  issued_.evict_expired(clock_.now());
  if (issued_.entries.contains(key)) return;
  if (issued_.entries.size() >= max_entries_) issued_.evict_soonest();
  issued_.insert(key, expiry_after(ttl));
}

void MemoryLedger::was_issued(std::string challenge, IssuedDone done) {
  const Key key = key_of(challenge);
  bool issued = false;
  {
    std::lock_guard lock(issued_mutex_);
    issued_.evict_expired(clock_.now());
    issued = issued_.entries.contains(key);
  }
  done(issued);
}

std::size_t MemoryLedger::claimed_size() const {
  std::lock_guard lock(claimed_mutex_);
  return claimed_.entries.size();
}

std::size_t MemoryLedger::issued_size() const {
  std::lock_guard lock(issued_mutex_);
  return issued_.entries.size();
}

}  // namespace gt3::offline
