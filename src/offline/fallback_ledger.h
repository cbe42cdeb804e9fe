// FallbackLedger: a fleet's shared ledger (Redis) backed by this instance's own (memory), for
// when the shared one cannot answer. Single use then holds per instance instead of per fleet,
// for as long as Redis is away, instead of every offline user being refused.
//
// Every claim is also recorded in the secondary, so single use holds per instance at all times,
// across an outage in both directions: a challenge this instance accepted before Redis went away
// is a replay here while it is away, and one it accepted while Redis was away is a replay here
// after Redis came back (even a Redis that restarted empty). Across instances, single use holds
// only for claims that both reached the shared ledger.
//
//   claim        kReplay or kTooOld when the secondary says so; otherwise the primary's answer,
//                and on kUnavailable the secondary's (kFirst: recorded here)
//   note_issued  both (the secondary is cheap and is what was_issued falls back to)
//   was_issued   the primary's remaining lifetime, or the secondary's when the primary has none
//
// The secondary's kTooOld is final, whatever the primary would say: the secondary forgot claims
// up to its horizon, and one of them may have been accepted here while Redis was away (and never
// reached it, or was lost with a Redis that restarted empty); asking Redis would take that replay
// for a first claim. The cost: when this instance's own table is saturated, challenges older than
// its horizon are refused even while Redis could vouch for them, as a memory-only ledger would.
//
// Thread-safe as its two ledgers are; `done` runs on whichever thread the answering ledger uses.
#pragma once

#include <memory>

#include "offline/challenge_ledger.h"

namespace gt3::offline {

class FallbackLedger final : public ChallengeLedger {
 public:
  FallbackLedger(std::unique_ptr<ChallengeLedger> primary,
                 std::unique_ptr<ChallengeLedger> secondary);

  void claim(std::string challenge, std::chrono::milliseconds ttl, ClaimDone done) override;
  void note_issued(std::string challenge, std::chrono::milliseconds ttl) override;
  void was_issued(std::string challenge, IssuedDone done) override;

 private:
  // Shared with the callbacks in flight, which may outlive a call but not the ledger.
  std::shared_ptr<ChallengeLedger> primary_;
  std::shared_ptr<ChallengeLedger> secondary_;
};

}  // namespace gt3::offline
