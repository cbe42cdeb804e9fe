#include "offline/fallback_ledger.h"

namespace gt3::offline {

FallbackLedger::FallbackLedger(std::unique_ptr<ChallengeLedger> primary,
                               std::unique_ptr<ChallengeLedger> secondary)
    : primary_(std::move(primary)), secondary_(std::move(secondary)) {}

void FallbackLedger::claim(std::string challenge, std::chrono::milliseconds ttl, ClaimDone done) {
  // This instance's own record first: what it accepted is a replay here, whatever the shared
  // ledger remembers (a claim made while it was away, or lost with a Redis that restarted).
  secondary_->claim(
      challenge, ttl,
      [primary = primary_, challenge, ttl, done = std::move(done)](Claim local) mutable {
        if (local == Claim::kReplay || local == Claim::kTooOld) {
          done(local);
          return;
        }
        primary->claim(challenge, ttl, [local, done = std::move(done)](Claim shared) {
          done(shared != Claim::kUnavailable ? shared : local);
        });
      });
}

void FallbackLedger::note_issued(std::string challenge, std::chrono::milliseconds ttl) {
  secondary_->note_issued(challenge, ttl);
  primary_->note_issued(std::move(challenge), ttl);
}

void FallbackLedger::was_issued(std::string challenge, IssuedDone done) {
  primary_->was_issued(challenge, [secondary = secondary_, challenge, done = std::move(done)](
                                      std::optional<std::chrono::milliseconds> remaining) {
    if (remaining) {
      done(remaining);
      return;
    }
    secondary->was_issued(challenge, done);
  });
}

}  // namespace gt3::offline
