// ChallengeLedger: single use of accepted challenges, and the registry of online challenges this
// service handed out (DESIGN.md section 3).
//
//   claim        an accepted challenge is recorded for `ttl` (its remaining lifetime): the first
//                claim wins, later ones are replays. A ledger that cannot tell (full, or its store
//                is unreachable) answers kUnavailable; the caller decides (rejecting is the safe
//                choice: a used challenge that is forgotten can be replayed).
//   note_issued  /register remembers an online challenge it handed out, so that /validate can
//                accept it once when the cloud is unreachable at validate time.
//   was_issued   whether note_issued() saw it and its ttl has not run out. False when the ledger
//                cannot tell: forgetting an issued challenge only makes the degradation reject.
//
// Callers are HTTP I/O threads: no method blocks on I/O. `done` runs exactly once, either inline
// (before the method returns) or later on a thread of the ledger; callers must accept both and
// must not assume which. Implementations are thread-safe. A non-positive ttl counts as 1 ms.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace gt3::offline {

enum class Claim { kFirst, kReplay, kUnavailable };

class ChallengeLedger {
 public:
  using ClaimDone = std::function<void(Claim)>;
  using IssuedDone = std::function<void(bool issued)>;

  virtual ~ChallengeLedger() = default;

  // Records the challenge as used for `ttl`: kFirst the first time, kReplay afterwards.
  virtual void claim(std::string challenge, std::chrono::milliseconds ttl, ClaimDone done) = 0;

  // Remembers that this service handed out online challenge `challenge` (fire and forget).
  virtual void note_issued(std::string challenge, std::chrono::milliseconds ttl) = 0;

  // Whether note_issued() saw it and its ttl has not run out.
  virtual void was_issued(std::string challenge, IssuedDone done) = 0;
};

}  // namespace gt3::offline
