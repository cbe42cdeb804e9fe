#include "bypass/redis_status_store.h"

#include <openssl/rand.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>

#include "bypass/reconnect_backoff.h"
#include "bypass/redis_connection.h"
#include "sdk/hex.h"

namespace gt3::bypass {
namespace {

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
  explicit Impl(RedisStoreOptions o) : options(std::move(o)) {}

  void run_commands();
  void run_subscriber();

  // Command thread only.
  bool connect();
  void lose_connection();
  bool flush_writes();
  bool refresh(bool announce);
  bool tend_lease();
  void release_lease();
  void set_leader(bool leader_now);

  const RedisStoreOptions options;
  Events events;

  std::mutex mutex;  // guards everything below up to the threads
  std::condition_variable wake;
  bool started = false;
  bool stopping = false;
  struct PendingStatus {
    CloudStatus status;
    milliseconds ttl;
    Clock::time_point written_at;
  };
  std::optional<PendingStatus> pending_status;  // only the latest write of each kind matters
  std::optional<Override> pending_override;
  bool announced = false;  // the subscriber heard a change (or reconnected): re-read
  int subscriber_fd = -1;  // shut down by stop() to wake a blocked read

  std::thread command_thread;
  std::thread subscriber_thread;

  // Owned by the command thread.
  std::optional<RedisConnection> connection;
  std::optional<bool> reachable;
  bool leader = false;
  std::optional<SharedState> last_state;
  // The fleet's override as last read or written, kept across losses of the connection: a key
  // that vanished behind it (Redis restarted empty) is written back instead of reading as auto.
  Override known_override = Override::kAuto;
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
  std::lock_guard lock(impl_->mutex);
  if (impl_->started) return;
  impl_->started = true;
  impl_->events = std::move(events);
  impl_->command_thread = std::thread([impl = impl_.get()] { impl->run_commands(); });
  impl_->subscriber_thread = std::thread([impl = impl_.get()] { impl->run_subscriber(); });
}

void RedisStatusStore::stop() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
    if (impl_->subscriber_fd >= 0) ::shutdown(impl_->subscriber_fd, SHUT_RDWR);
  }
  impl_->wake.notify_all();
  if (impl_->command_thread.joinable()) impl_->command_thread.join();
  if (impl_->subscriber_thread.joinable()) impl_->subscriber_thread.join();
}

void RedisStatusStore::write_status(CloudStatus status, milliseconds ttl) {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->pending_status =
        Impl::PendingStatus{status, std::max(ttl, milliseconds(1)), Clock::now()};
  }
  impl_->wake.notify_all();
}

void RedisStatusStore::write_override(Override mode) {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->pending_override = mode;
  }
  impl_->wake.notify_all();
}

void RedisStatusStore::Impl::run_commands() {
  ReconnectBackoff backoff(options.max_backoff);
  Clock::time_point next_attempt = Clock::now();  // of a connection, or of the refresh tick
  for (;;) {
    bool announce = false;
    {
      std::unique_lock lock(mutex);
      wake.wait_until(lock, next_attempt, [&] {
        return stopping || (connection && (pending_status || pending_override || announced));
      });
      if (stopping) break;
      announce = std::exchange(announced, false);
    }
    if (!connection) {
      if (Clock::now() < next_attempt) continue;
      if (!connect()) {
        next_attempt = Clock::now() + backoff.next();
        continue;
      }
      backoff.reset();
      announce = true;  // a fresh on_state after every (re)connection
      next_attempt = Clock::now();
    }
    const bool tick = Clock::now() >= next_attempt;
    const bool ok =
        flush_writes() && (!(tick || announce) || refresh(announce)) && (!tick || tend_lease());
    if (!ok) {
      lose_connection();
      next_attempt = Clock::now() + backoff.next();
    } else if (tick) {
      next_attempt = Clock::now() + options.refresh_interval;
    }
  }
  release_lease();
  connection.reset();
}

bool RedisStatusStore::Impl::connect() {
  auto opened = RedisConnection::open(options.url, options.command_timeout);
  if (!opened) {
    lose_connection();
    return false;
  }
  connection.emplace(std::move(*opened));
  if (reachable != true) {
    reachable = true;
    if (events.on_reachable) events.on_reachable(true);
  }
  return true;
}

// Reports the loss once; the lease is given up in our own eyes, since another instance may take
// it over while we cannot renew it.
void RedisStatusStore::Impl::lose_connection() {
  connection.reset();
  last_state.reset();
  if (reachable != false) {
    reachable = false;
    if (events.on_reachable) events.on_reachable(false);
  }
  set_leader(false);
}

bool RedisStatusStore::Impl::flush_writes() {
  std::optional<PendingStatus> status;
  std::optional<Override> mode;
  {
    std::lock_guard lock(mutex);
    status = std::exchange(pending_status, std::nullopt);
    mode = std::exchange(pending_override, std::nullopt);
  }
  // A write that fails is put back unless a newer one came meanwhile, and retried once
  // reconnected; a status whose TTL ran out while waiting is dropped, as it would have expired.
  auto put_back = [&] {
    std::lock_guard lock(mutex);
    if (status && !pending_status) pending_status = status;
    if (mode && !pending_override) pending_override = mode;
    return false;
  };
  if (status) {
    const auto age = std::chrono::duration_cast<milliseconds>(Clock::now() - status->written_at);
    const milliseconds remaining = status->ttl - age;
    if (remaining > milliseconds::zero()) {
      const std::string_view name = cloud_status_name(status->status);
      if (!connection->command({"SET", options.status_key, name, "PX", ms_arg(remaining)}) ||
          !connection->command({"PUBLISH", options.channel, "status:" + std::string(name)})) {
        return put_back();
      }
    }
    status.reset();
  }
  if (mode) {
    const std::string_view name = override_name(*mode);
    if (!connection->command({"SET", options.override_key, name}) ||
        !connection->command({"PUBLISH", options.channel, "override:" + std::string(name)})) {
      return put_back();
    }
    known_override = *mode;
  }
  return true;
}

// Reads both keys at once. `announce`: report even when nothing changed (a change was announced,
// or we reconnected); otherwise only a change is reported, such as the status expiring.
bool RedisStatusStore::Impl::refresh(bool announce) {
  auto reply = connection->command({"MGET", options.status_key, options.override_key});
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
    std::lock_guard lock(mutex);
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
bool RedisStatusStore::Impl::tend_lease() {
  if (!options.compete_for_lease) return true;
  auto renewed = connection->command({"EVAL", kRenewScript, "1", options.lease_key,
                                      options.instance_id, ms_arg(options.lease_ttl)});
  if (!renewed) return false;
  if ((*renewed)->type == REDIS_REPLY_INTEGER && (*renewed)->integer == 1) {
    set_leader(true);
    return true;
  }
  auto taken = connection->command(
      {"SET", options.lease_key, options.instance_id, "NX", "PX", ms_arg(options.lease_ttl)});
  if (!taken) return false;
  set_leader((*taken)->type == REDIS_REPLY_STATUS);
  return true;
}

// Compare-and-delete, whatever we last believed: only our own lease can be deleted.
void RedisStatusStore::Impl::release_lease() {
  if (!options.compete_for_lease || !connection) return;
  (void)connection->command({"EVAL", kReleaseScript, "1", options.lease_key, options.instance_id});
  leader = false;  // no event: the store is stopping
}

void RedisStatusStore::Impl::set_leader(bool leader_now) {
  if (leader == leader_now) return;
  leader = leader_now;
  if (events.on_leader) events.on_leader(leader);
}

void RedisStatusStore::Impl::run_subscriber() {
  ReconnectBackoff backoff(options.max_backoff);
  for (;;) {
    auto opened = RedisConnection::open(options.url, options.command_timeout);
    if (opened && opened->command({"SUBSCRIBE", options.channel})) {
      opened->set_read_timeout(milliseconds::zero());
      {
        std::lock_guard lock(mutex);
        if (stopping) return;
        subscriber_fd = opened->fd();
        announced = true;  // changes may have been missed while not subscribed
      }
      wake.notify_all();
      backoff.reset();
      // Every message is a change announced by some instance: the command thread re-reads the
      // state (several announcements coalesce into one read).
      while (opened->read_reply()) {
        {
          std::lock_guard lock(mutex);
          announced = true;
        }
        wake.notify_all();
      }
      std::lock_guard lock(mutex);
      subscriber_fd = -1;
      // Let the command thread find out at once whether Redis itself is gone.
      announced = true;
    }
    wake.notify_all();
    std::unique_lock lock(mutex);
    if (wake.wait_for(lock, backoff.next(), [&] { return stopping; })) return;
  }
}

}  // namespace gt3::bypass
