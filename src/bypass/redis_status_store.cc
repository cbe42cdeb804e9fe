#include "bypass/redis_status_store.h"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>

#include "redis/redis_connection.h"
#include "redis/redis_worker.h"
#include "sdk/hex.h"

namespace gt3::bypass {
namespace {

using redis::RedisConnection;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::string_view kRenewScript =
    "if redis.call('get',KEYS[1])==ARGV[1] then "
    "return redis.call('pexpire',KEYS[1],ARGV[2]) else return 0 end";
constexpr std::string_view kReleaseScript =
    "if redis.call('get',KEYS[1])==ARGV[1] then return redis.call('del',KEYS[1]) else return 0 end";

std::string random_instance_id() {
  std::array<unsigned char, 8> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed: no secure randomness available");
  }
  return lower_hex(bytes);
}

std::string ms_arg(milliseconds value) { return std::to_string(value.count()); }

}  // namespace

Result<void> RedisStoreOptions::check() const {
  auto bad = [](std::string what) {
    return Error{Reason::kBadEncoding, "Redis store options: " + std::move(what)};
  };
  if (status_key.empty() || override_key.empty() || lease_key.empty() || channel.empty()) {
    return bad("status_key, override_key, lease_key and channel must not be empty");
  }
  if (refresh_interval <= milliseconds::zero() || lease_ttl <= milliseconds::zero() ||
      command_timeout <= milliseconds::zero() || max_backoff <= milliseconds::zero()) {
    return bad("lease_ttl, refresh_interval, command_timeout and max_backoff must be positive");
  }
  if (refresh_interval * 2 > lease_ttl) {
    return bad("refresh_interval (" + ms_arg(refresh_interval) + " ms) must be at most half of " +
               "lease_ttl (" + ms_arg(lease_ttl) +
               " ms), so that the holder renews the lease before it lapses");
  }
  return {};
}

struct RedisStatusStore::Impl {
  explicit Impl(RedisStoreOptions o)
      : options(std::move(o)),
        commands(worker_options(/*interrupt_on_stop=*/false)),
        subscriber(worker_options(/*interrupt_on_stop=*/true)) {}

  // The command thread waits out a command in progress at stop(), so that the lease can be
  // released; the subscriber's read waits forever and is interrupted.
  redis::RedisWorker::Options worker_options(bool interrupt_on_stop) const {
    return {options.url, options.command_timeout, options.max_backoff, interrupt_on_stop};
  }

  // Command thread only.
  bool connected();
  bool serve(RedisConnection& connection);
  void lose_connection();
  bool flush_writes(RedisConnection& connection);
  bool refresh(RedisConnection& connection, bool announce);
  bool tend_lease(RedisConnection& connection);
  void release_lease(RedisConnection* connection);
  void set_leader(bool leader_now);

  // Subscriber thread only.
  bool subscribe(RedisConnection& connection);
  bool listen(RedisConnection& connection);
  void heard_change();

  const RedisStoreOptions options;
  Events events;

  // Under commands.mutex().
  bool started = false;
  struct PendingStatus {
    CloudStatus status;
    milliseconds ttl;
    Clock::time_point written_at;
  };
  std::optional<PendingStatus> pending_status;  // only the latest write of each kind matters
  std::optional<Override> pending_override;
  bool announced = false;  // the subscriber heard a change (or reconnected): re-read

  // Owned by the command thread.
  bool fresh = false;  // just (re)connected: refresh, report and tend the lease at once
  Clock::time_point next_tick;
  std::optional<bool> reachable;
  bool leader = false;
  std::optional<SharedState> last_state;
  // The fleet's override as last read or written, kept across losses of the connection: a key
  // that vanished behind it (Redis restarted empty) is written back instead of reading as auto.
  Override known_override = Override::kAuto;

  // Last: their threads use everything above, and are joined before it goes.
  redis::RedisWorker commands;
  redis::RedisWorker subscriber;
};

RedisStatusStore::RedisStatusStore(RedisStoreOptions options) {
  if (auto checked = options.check(); !checked) {
    throw std::invalid_argument(checked.error().detail);
  }
  if (options.instance_id.empty()) options.instance_id = random_instance_id();
  impl_ = std::make_unique<Impl>(std::move(options));
}

RedisStatusStore::~RedisStatusStore() { stop(); }

const std::string& RedisStatusStore::instance_id() const { return impl_->options.instance_id; }

void RedisStatusStore::start(Events events) {
  {
    std::lock_guard lock(impl_->commands.mutex());
    if (impl_->started) return;
    impl_->started = true;
    impl_->events = std::move(events);
  }
  Impl* impl = impl_.get();
  impl->commands.start({
      .on_connect = [impl](RedisConnection&) { return impl->connected(); },
      .serve = [impl](RedisConnection& c) { return impl->serve(c); },
      .on_disconnect = [impl](bool) { impl->lose_connection(); },
      .on_stop = [impl](RedisConnection* c) { impl->release_lease(c); },
  });
  impl->subscriber.start({
      .on_connect = [impl](RedisConnection& c) { return impl->subscribe(c); },
      .serve = [impl](RedisConnection& c) { return impl->listen(c); },
      // Let the command thread find out at once whether Redis itself is gone.
      .on_disconnect =
          [impl](bool was_connected) {
            if (was_connected) impl->heard_change();
          },
      .on_stop = {},
  });
}

void RedisStatusStore::stop() {
  impl_->commands.request_stop();  // both at once: the lease release need not wait for the other
  impl_->subscriber.request_stop();
  impl_->commands.stop();
  impl_->subscriber.stop();
}

void RedisStatusStore::write_status(CloudStatus status, milliseconds ttl) {
  {
    std::lock_guard lock(impl_->commands.mutex());
    impl_->pending_status =
        Impl::PendingStatus{status, std::max(ttl, milliseconds(1)), Clock::now()};
  }
  impl_->commands.notify();
}

void RedisStatusStore::write_override(Override mode) {
  {
    std::lock_guard lock(impl_->commands.mutex());
    impl_->pending_override = mode;
  }
  impl_->commands.notify();
}

bool RedisStatusStore::Impl::connected() {
  if (reachable != true) {
    reachable = true;
    if (events.on_reachable) events.on_reachable(true);
  }
  fresh = true;  // a fresh on_state after every (re)connection
  next_tick = Clock::now();
  return true;
}

// One round: writes first, then the state when it was announced or is due, then the lease when
// due. False: the connection failed (lose_connection follows, then a reconnection).
bool RedisStatusStore::Impl::serve(RedisConnection& connection) {
  bool announce = false;
  {
    std::unique_lock lock(commands.mutex());
    const bool running = commands.wait_until(
        lock, next_tick, [&] { return fresh || pending_status || pending_override || announced; });
    if (!running) return true;
    announce = std::exchange(announced, false);
  }
  announce = std::exchange(fresh, false) || announce;
  const bool tick = Clock::now() >= next_tick;
  const bool ok = flush_writes(connection) &&
                  (!(tick || announce) || refresh(connection, announce)) &&
                  (!tick || tend_lease(connection));
  if (ok && tick) next_tick = Clock::now() + options.refresh_interval;
  return ok;
}

// Reports the loss once; the lease is given up in our own eyes, since another instance may take
// it over while we cannot renew it.
void RedisStatusStore::Impl::lose_connection() {
  last_state.reset();
  if (reachable != false) {
    reachable = false;
    if (events.on_reachable) events.on_reachable(false);
  }
  set_leader(false);
}

bool RedisStatusStore::Impl::flush_writes(RedisConnection& connection) {
  std::optional<PendingStatus> status;
  std::optional<Override> mode;
  {
    std::lock_guard lock(commands.mutex());
    status = std::exchange(pending_status, std::nullopt);
    mode = std::exchange(pending_override, std::nullopt);
  }
  // A write that fails is put back unless a newer one came meanwhile, and retried once
  // reconnected; a status whose TTL ran out while waiting is dropped, as it would have expired.
  auto put_back = [&] {
    std::lock_guard lock(commands.mutex());
    if (status && !pending_status) pending_status = status;
    if (mode && !pending_override) pending_override = mode;
    return false;
  };
  if (status) {
    const auto age = std::chrono::duration_cast<milliseconds>(Clock::now() - status->written_at);
    const milliseconds remaining = status->ttl - age;
    if (remaining > milliseconds::zero()) {
      const std::string_view name = cloud_status_name(status->status);
      if (!connection.command({"SET", options.status_key, name, "PX", ms_arg(remaining)}) ||
          !connection.command({"PUBLISH", options.channel, "status:" + std::string(name)})) {
        return put_back();
      }
    }
    status.reset();
  }
  if (mode) {
    const std::string_view name = override_name(*mode);
    if (!connection.command({"SET", options.override_key, name}) ||
        !connection.command({"PUBLISH", options.channel, "override:" + std::string(name)})) {
      return put_back();
    }
    known_override = *mode;
  }
  return true;
}

// Reads both keys at once. `announce`: report even when nothing changed (a change was announced,
// or we reconnected); otherwise only a change is reported, such as the status expiring.
bool RedisStatusStore::Impl::refresh(RedisConnection& connection, bool announce) {
  auto reply = connection.command({"MGET", options.status_key, options.override_key});
  if (!reply || (*reply)->type != REDIS_REPLY_ARRAY || (*reply)->elements != 2) return false;
  auto text = [&](std::size_t i) -> std::optional<std::string_view> {
    const redisReply* element = (*reply)->element[i];
    if (element->type != REDIS_REPLY_STRING) return std::nullopt;
    return std::string_view(element->str, element->len);
  };
  SharedState state;
  if (auto status = text(0)) state.status = parse_cloud_status(*status);
  if (auto mode = text(1)) {
    state.override_mode = parse_override(*mode).value_or(Override::kAuto);
    known_override = state.override_mode;
  } else if (known_override != Override::kAuto) {
    // Only an override is ever written, never deleted: Redis lost it. Keep it and put it back.
    state.override_mode = known_override;
    std::lock_guard lock(commands.mutex());
    if (!pending_override) pending_override = known_override;
  }
  if (announce || last_state != state) {
    last_state = state;
    if (events.on_state) events.on_state(state);
  }
  return true;
}

// Renews first even when we do not think we hold the lease: after a short loss of connection it
// may still be ours, and then we take it back at once instead of waiting for it to lapse.
bool RedisStatusStore::Impl::tend_lease(RedisConnection& connection) {
  if (!options.compete_for_lease) return true;
  auto renewed = connection.command({"EVAL", kRenewScript, "1", options.lease_key,
                                     options.instance_id, ms_arg(options.lease_ttl)});
  if (!renewed) return false;
  if ((*renewed)->type == REDIS_REPLY_INTEGER && (*renewed)->integer == 1) {
    set_leader(true);
    return true;
  }
  auto taken = connection.command(
      {"SET", options.lease_key, options.instance_id, "NX", "PX", ms_arg(options.lease_ttl)});
  if (!taken) return false;
  set_leader((*taken)->type == REDIS_REPLY_STATUS);
  return true;
}

// Compare-and-delete, whatever we last believed: only our own lease can be deleted.
void RedisStatusStore::Impl::release_lease(RedisConnection* connection) {
  if (!options.compete_for_lease || connection == nullptr) return;
  (void)connection->command({"EVAL", kReleaseScript, "1", options.lease_key, options.instance_id});
  leader = false;  // no event: the store is stopping
}

void RedisStatusStore::Impl::set_leader(bool leader_now) {
  if (leader == leader_now) return;
  leader = leader_now;
  if (events.on_leader) events.on_leader(leader);
}

// Every message is a change announced by some instance: the command thread re-reads the state
// (several announcements coalesce into one read).
bool RedisStatusStore::Impl::subscribe(RedisConnection& connection) {
  if (!connection.command({"SUBSCRIBE", options.channel})) return false;
  connection.set_read_timeout(milliseconds::zero());
  heard_change();  // changes may have been missed while not subscribed
  return true;
}

bool RedisStatusStore::Impl::listen(RedisConnection& connection) {
  if (!connection.read_reply()) return false;
  heard_change();
  return true;
}

void RedisStatusStore::Impl::heard_change() {
  {
    std::lock_guard lock(commands.mutex());
    announced = true;
  }
  commands.notify();
}

}  // namespace gt3::bypass
