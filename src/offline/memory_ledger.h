// MemoryLedger: the ChallengeLedger of one process (no Redis), with bounded memory.
//
// Challenges are kept as the first 16 bytes of their SHA-256 (fixed-size keys of any challenge
// length; two challenges collide with probability about n^2 / 2^129), with their expiry on the
// injected clock's steady time. Expired entries are evicted on each call, oldest expiry first
// (a min-heap), so the cost is amortised O(log n) and no sweeping thread is needed. About 100
// bytes per entry: the default of one million claims is on the order of 100 MB when full.
//
// When the claims are full of unexpired entries, a new claim is refused with kUnavailable: a
// forgotten used challenge could be replayed, so the ledger never forgets one early. Size it for
// (accepted validations per second) x (challenge lifetime). The issued registry has its own
// bound of the same size and, when full, forgets the entry closest to expiry instead: forgetting
// an issued challenge only makes the degradation reject it, which is safe. Noting a challenge
// again while it is remembered keeps its first expiry.
//
// Thread-safe (one mutex per table; the hash is computed outside it). `done` always runs inline,
// outside the lock. `clock` must outlive the ledger.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <queue>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gt3/clock.h"
#include "offline/challenge_ledger.h"

namespace gt3::offline {

class MemoryLedger final : public ChallengeLedger {
 public:
  static constexpr std::size_t kDefaultMaxEntries = 1'000'000;

  explicit MemoryLedger(std::size_t max_entries = kDefaultMaxEntries,
                        const Clock& clock = SystemClock::instance());

  void claim(std::string challenge, std::chrono::milliseconds ttl, ClaimDone done) override;
  void note_issued(std::string challenge, std::chrono::milliseconds ttl) override;
  void was_issued(std::string challenge, IssuedDone done) override;

  // Unexpired entries as of the last call that touched each table (for tests and metrics).
  std::size_t claimed_size() const;
  std::size_t issued_size() const;

 private:
  using Key = std::array<unsigned char, 16>;
  struct KeyHash {
    std::size_t operator()(const Key& key) const;
  };
  using Expiry = Clock::SteadyTime;
  struct Queued {
    Expiry expiry;
    Key key;
    bool operator>(const Queued& other) const { return expiry > other.expiry; }
  };

  // A set of keys with expiries, evicted oldest first. Not thread-safe by itself.
  struct Table {
    std::unordered_map<Key, Expiry, KeyHash> entries;
    std::priority_queue<Queued, std::vector<Queued>, std::greater<>> by_expiry;
    void evict_expired(Expiry now);
    void evict_soonest();
    void insert(const Key& key, Expiry expiry);
  };

  static Key key_of(std::string_view challenge);
  Expiry expiry_after(std::chrono::milliseconds ttl) const;

  const std::size_t max_entries_;
  const Clock& clock_;
  mutable std::mutex claimed_mutex_;
  Table claimed_;
  mutable std::mutex issued_mutex_;
  Table issued_;
};

}  // namespace gt3::offline
