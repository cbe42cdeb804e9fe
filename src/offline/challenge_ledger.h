// ChallengeLedger: single use of accepted challenges, and the registry of online challenges this
// service handed out (docs/design.md section 3).
//
//   claim        an accepted challenge is recorded until it expires: the first claim wins, later
//                ones are replays. `ttl` is the time from now until the challenge itself expires,
//                plus a fixed margin, computed by the caller from the challenge's issue time, so
//                that every claim of one challenge computes (about) the same expiry `now + ttl`.
//                The caller rejects a challenge whose own lifetime has run out before claiming.
//   note_issued  /register remembers an online challenge it handed out, so that /validate can
//                accept it once when the cloud is unreachable at validate time.
//   was_issued   the remaining lifetime of the entry note_issued() made, so that the caller can
//                compute the claim's ttl; nullopt when it was not issued, has run out, or the
//                ledger cannot tell: forgetting an issued challenge only makes the degradation
//                reject.
//
// Answers of claim:
//   kFirst        recorded now: accept.
//   kReplay       already recorded: reject.
//   kTooOld       not recorded, reject: the ledger had to forget claims to stay within its
//                 bounds (the ones expiring soonest), up to a horizon H, and this claim's expiry
//                 is not after H + kExpirySlack. A replay of a forgotten challenge computes the
//                 same expiry, so it cannot pass; a fresh challenge expires after H and is
//                 recorded. Only challenges older than the horizon are refused, and they would
//                 expire soon anyway.
//   kUnavailable  the store cannot answer (Redis away); the caller decides (rejecting is the safe
//                 choice: a used challenge that is forgotten can be replayed).
//
// Callers are HTTP I/O threads: no method blocks on I/O. `done` runs exactly once, either inline
// (before the method returns) or later on a thread of the ledger; callers must accept both and
// must not assume which. Implementations are thread-safe. A non-positive ttl counts as 1 ms.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace gt3::offline {

enum class Claim { kFirst, kReplay, kTooOld, kUnavailable };

// How far apart two claims of one challenge may compute its expiry: the caller reads the wall
// clock (the issue time is wall time) and the ledger the steady clock, each read at a slightly
// different moment, rounded to milliseconds, and the wall clock may be slewed by NTP (at most
// 500 ppm: 0.15 s over a 5-minute lifetime). A step of the wall clock by more than this between
// two claims of one forgotten challenge is not covered.
inline constexpr std::chrono::milliseconds kExpirySlack{1000};

class ChallengeLedger {
 public:
  using ClaimDone = std::function<void(Claim)>;
  // The remaining lifetime of the issued entry; nullopt: not issued, or the ledger cannot tell.
  using IssuedDone = std::function<void(std::optional<std::chrono::milliseconds> remaining)>;

  virtual ~ChallengeLedger() = default;

  // Records the challenge as used until now + `ttl`: kFirst the first time, kReplay afterwards.
  virtual void claim(std::string challenge, std::chrono::milliseconds ttl, ClaimDone done) = 0;

  // Remembers that this service handed out online challenge `challenge` (fire and forget).
  virtual void note_issued(std::string challenge, std::chrono::milliseconds ttl) = 0;

  // How long the entry note_issued() made has left.
  virtual void was_issued(std::string challenge, IssuedDone done) = 0;
};

}  // namespace gt3::offline
