// RedisLedger: the ChallengeLedger of a fleet, on Redis through hiredis (docs/design.md section 3).
//
//   claim        SET <used_prefix><challenge> 1 NX PX <ttl>   OK -> kFirst, nil -> kReplay
//   note_issued  SET <issued_prefix><challenge> 1 PX <ttl>     (fire and forget)
//   was_issued   PTTL <issued_prefix><challenge>               n > 0 -> n ms left; else nullopt
//
// No count bound of its own: Redis' maxmemory governs it, so kTooOld is never answered here.
//
// All Redis I/O runs on one worker thread of the ledger (a redis::RedisWorker) with one
// connection, never on the caller's thread. Calls go into a bounded queue (max_queue); the worker
// sends what is queued in one round trip (pipelining, up to max_batch commands) and runs each
// `done` on its thread, in order, as the replies arrive. Failures are answered, never left hanging:
//   - queue full, ledger not started or stopped: `done` runs inline with kUnavailable / nullopt;
//   - Redis known to be unreachable (the last connection attempt or round trip failed): inline
//     kUnavailable / nullopt at once, while the worker reconnects in the background with capped
//     exponential backoff (with jitter, from 50 ms up to max_backoff); Redis coming back is picked
//     up without restart;
//   - a round trip that fails or times out: its commands get kUnavailable / nullopt.
// An answer therefore comes within about command_timeout, at worst twice it (a call queued behind
// a round trip in flight). A command that reached Redis whose reply was lost is not retried: a
// claim answered kUnavailable may in fact have been recorded, which only makes a retry a replay.
//
// Thread-safe. The first calls after start() wait for the first connection (within
// command_timeout). stop() answers everything pending, joins the worker and is idempotent; the
// destructor stop()s; start() after stop() does nothing. Do not call stop() from a `done` (it
// joins that thread). Nothing is logged; errors never contain the password.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "gt3/result.h"
#include "offline/challenge_ledger.h"
#include "redis/redis_url.h"

namespace gt3::offline {

struct RedisLedgerOptions {
  redis::RedisUrl url;
  std::string used_prefix = "gt3_used:";
  std::string issued_prefix = "gt3_issued:";
  std::chrono::milliseconds command_timeout{500};
  std::chrono::milliseconds max_backoff{5000};
  std::size_t max_queue = 10'000;
  std::size_t max_batch = 256;  // commands per round trip

  // Empty or equal prefixes, non-positive durations or sizes are errors, named in the detail.
  Result<void> check() const;
};

class RedisLedger final : public ChallengeLedger {
 public:
  // Throws std::invalid_argument when options.check() fails.
  explicit RedisLedger(RedisLedgerOptions options);
  ~RedisLedger() override;
  RedisLedger(const RedisLedger&) = delete;
  RedisLedger& operator=(const RedisLedger&) = delete;

  void start();
  void stop();

  void claim(std::string challenge, std::chrono::milliseconds ttl, ClaimDone done) override;
  void note_issued(std::string challenge, std::chrono::milliseconds ttl) override;
  void was_issued(std::string challenge, IssuedDone done) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gt3::offline
