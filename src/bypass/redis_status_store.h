// RedisStatusStore: the fleet store on Redis, through hiredis (docs/design.md section 2).
//
//   status     SET <status_key> success|fail PX <ttl>   (the official demos' key and values)
//   override   SET <override_key> auto|force-online|force-offline
//   changes    PUBLISH <channel> <status or override event>; every instance SUBSCRIBEs
//   lease      SET <lease_key> <instance_id> NX PX <lease_ttl>; renewed by the holder only
//              (a Lua script compares the value before PEXPIRE); released (compare-and-DEL) at
//              stop()
//
// All Redis I/O runs on threads of its own (two redis::RedisWorker: one for commands, one for the
// subscription), never on the caller's: an HTTP I/O thread may call the writes. Every command has
// a timeout; a lost connection is retried with capped exponential backoff and picked up again
// without restart. stop() lets a command in progress finish (within command_timeout) so that the
// lease can still be released; it interrupts the subscription at once.
// See StatusStore for the contract of events; here they all come from the command thread. Do not
// call stop() or destroy the store from inside an event (it joins that thread); writes are fine.
// Whatever the events refer to must outlive the store, or its stop().
//
// Choices made here: on_reachable reports the first connection attempt either way; on_state is
// reported after every (re)connection and every announcement even when unchanged, and on a
// refresh tick only when the state changed (e.g. the status expired). A status value other than
// success/fail reads as absent, an unknown override as auto. A write that cannot be done (Redis
// down) is kept, only the latest of each kind, and done on reconnection; a status whose TTL ran
// out meanwhile is dropped. An override key found missing after this store read or wrote a
// non-auto override (Redis restarted without persistence, or failed over) is not taken as auto:
// the known override is kept and written back (clear an override by writing auto, not by
// deleting the key). Nothing is logged; errors never contain the password.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "bypass/status_store.h"
#include "gt3/result.h"
#include "redis/redis_url.h"

namespace gt3::bypass {

struct RedisStoreOptions {
  redis::RedisUrl url;
  std::string status_key = "gt_server_bypass_status";
  std::string override_key = "gt3_bypass_override";
  std::string lease_key = "gt3_bypass_lease";
  std::string channel = "gt3_bypass_events";
  std::string instance_id;        // empty: random at construction
  bool compete_for_lease = true;  // false: never poll (a pure reader)
  std::chrono::milliseconds lease_ttl{6000};
  std::chrono::milliseconds refresh_interval{1000};  // re-read state, renew or try the lease
  std::chrono::milliseconds command_timeout{500};
  std::chrono::milliseconds max_backoff{5000};

  // Empty keys, non-positive durations, or a refresh_interval above half of lease_ttl (the holder
  // must renew well before the lease lapses) are errors, named in the detail.
  Result<void> check() const;
};

class RedisStatusStore final : public StatusStore {
 public:
  // Throws std::invalid_argument when options.check() fails (validate configuration with check()
  // first to get the error as a value).
  explicit RedisStatusStore(RedisStoreOptions options);
  ~RedisStatusStore() override;  // stop()s

  void start(Events events) override;
  void stop() override;
  void write_status(CloudStatus status, std::chrono::milliseconds ttl) override;
  void write_override(Override mode) override;

  const std::string& instance_id() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gt3::bypass
