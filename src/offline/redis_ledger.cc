#include "offline/redis_ledger.h"

#include <sys/socket.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "bypass/reconnect_backoff.h"
#include "bypass/redis_connection.h"

namespace gt3::offline {
namespace {

using SteadyClock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// One queued call. Exactly one of the two callbacks is set, except for note_issued (none).
struct Op {
  enum class Kind { kClaim, kNote, kWasIssued };
  Kind kind;
  std::string key;
  milliseconds ttl{0};
  ChallengeLedger::ClaimDone claim_done;
  ChallengeLedger::IssuedDone issued_done;

  void fail() const {
    if (claim_done) claim_done(Claim::kUnavailable);
    if (issued_done) issued_done(std::nullopt);
  }
};

void fail_all(std::deque<Op>& ops) {
  for (const Op& op : ops) op.fail();
  ops.clear();
}

std::string ms_arg(milliseconds ttl) {
  return std::to_string(std::max(ttl, milliseconds(1)).count());
}

}  // namespace

Result<void> RedisLedgerOptions::check() const {
  auto bad = [](std::string what) {
    return Error{Reason::kBadConfig, "Redis ledger options: " + std::move(what)};
  };
  if (used_prefix.empty() || issued_prefix.empty() || used_prefix == issued_prefix) {
    return bad("used_prefix and issued_prefix must be non-empty and different");
  }
  if (command_timeout <= milliseconds::zero() || max_backoff <= milliseconds::zero()) {
    return bad("command_timeout and max_backoff must be positive");
  }
  if (max_queue == 0 || max_batch == 0) return bad("max_queue and max_batch must be positive");
  return {};
}

struct RedisLedger::Impl {
  explicit Impl(RedisLedgerOptions o) : options(std::move(o)) {}

  void enqueue(Op op);
  void run();
  // Worker thread only.
  bool connect();
  void disconnect();
  bool round_trip(std::deque<Op>& batch);

  const RedisLedgerOptions options;

  std::mutex mutex;  // guards everything below up to the worker
  std::condition_variable wake;
  std::deque<Op> queue;
  bool started = false;
  bool stopping = false;
  bool unreachable = false;  // the last connection attempt or round trip failed
  int fd = -1;               // of the live connection, shut down by stop() to wake a blocked read

  std::thread worker;
  std::optional<bypass::RedisConnection> connection;  // owned by the worker
};

RedisLedger::RedisLedger(RedisLedgerOptions options) {
  if (auto checked = options.check(); !checked) {
    throw std::invalid_argument(checked.error().detail);
  }
  impl_ = std::make_unique<Impl>(std::move(options));
}

RedisLedger::~RedisLedger() { stop(); }

void RedisLedger::start() {
  std::lock_guard lock(impl_->mutex);
  if (impl_->started) return;
  impl_->started = true;
  impl_->worker = std::thread([impl = impl_.get()] { impl->run(); });
}

void RedisLedger::stop() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
    if (impl_->fd >= 0) ::shutdown(impl_->fd, SHUT_RDWR);
  }
  impl_->wake.notify_all();
  if (impl_->worker.joinable()) impl_->worker.join();
}

void RedisLedger::claim(std::string challenge, milliseconds ttl, ClaimDone done) {
  impl_->enqueue(Op{.kind = Op::Kind::kClaim,
                    .key = impl_->options.used_prefix + challenge,
                    .ttl = ttl,
                    .claim_done = std::move(done),
                    .issued_done = {}});
}

void RedisLedger::note_issued(std::string challenge, milliseconds ttl) {
  impl_->enqueue(Op{.kind = Op::Kind::kNote,
                    .key = impl_->options.issued_prefix + challenge,
                    .ttl = ttl,
                    .claim_done = {},
                    .issued_done = {}});
}

void RedisLedger::was_issued(std::string challenge, IssuedDone done) {
  impl_->enqueue(Op{.kind = Op::Kind::kWasIssued,
                    .key = impl_->options.issued_prefix + challenge,
                    .ttl = {},
                    .claim_done = {},
                    .issued_done = std::move(done)});
}

void RedisLedger::Impl::enqueue(Op op) {
  {
    std::lock_guard lock(mutex);
    if (started && !stopping && !unreachable && queue.size() < options.max_queue) {
      queue.push_back(std::move(op));
      wake.notify_one();
      return;
    }
  }
  op.fail();  // outside the lock: `done` may call the ledger again
}

void RedisLedger::Impl::run() {
  bypass::ReconnectBackoff backoff(options.max_backoff);
  SteadyClock::time_point next_attempt = SteadyClock::now();
  std::deque<Op> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex);
      if (connection) {
        wake.wait(lock, [&] { return stopping || !queue.empty(); });
      } else {
        wake.wait_until(lock, next_attempt, [&] { return stopping; });
      }
      if (stopping) break;
      if (connection) {
        const std::size_t n = std::min(queue.size(), options.max_batch);
        std::move(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(n),
                  std::back_inserter(batch));
        queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(n));
      }
    }
    if (!connection) {
      if (SteadyClock::now() < next_attempt) continue;
      if (connect()) {
        backoff.reset();
      } else {
        next_attempt = SteadyClock::now() + backoff.next();
      }
      continue;
    }
    if (!round_trip(batch)) {
      fail_all(batch);
      disconnect();
      next_attempt = SteadyClock::now() + backoff.next();
    }
  }
  fail_all(batch);
  disconnect();
  std::deque<Op> left;
  {
    std::lock_guard lock(mutex);
    left.swap(queue);
  }
  fail_all(left);
}

bool RedisLedger::Impl::connect() {
  auto opened = bypass::RedisConnection::open(options.url, options.command_timeout);
  std::deque<Op> waiting;
  {
    std::lock_guard lock(mutex);
    if (opened) {
      connection.emplace(std::move(*opened));
      fd = connection->fd();
      unreachable = false;
      return true;
    }
    unreachable = true;
    waiting.swap(queue);  // what came before the failure is not kept waiting for the backoff
  }
  fail_all(waiting);
  return false;
}

// Marks Redis unreachable (calls fail inline until the next connection) and drops the
// connection; the descriptor is forgotten under the lock first, so stop() never shuts down a
// reused descriptor.
void RedisLedger::Impl::disconnect() {
  std::deque<Op> waiting;
  {
    std::lock_guard lock(mutex);
    fd = -1;
    if (connection) unreachable = true;
    waiting.swap(queue);
  }
  connection.reset();
  fail_all(waiting);
}

// Sends the whole batch, then reads the replies in order, answering each call as its reply
// comes. False on any failure; the calls not yet answered stay in `batch`.
bool RedisLedger::Impl::round_trip(std::deque<Op>& batch) {
  for (const Op& op : batch) {
    Result<void> appended;
    switch (op.kind) {
      case Op::Kind::kClaim:
        appended = connection->append({"SET", op.key, "1", "NX", "PX", ms_arg(op.ttl)});
        break;
      case Op::Kind::kNote:
        appended = connection->append({"SET", op.key, "1", "PX", ms_arg(op.ttl)});
        break;
      case Op::Kind::kWasIssued:
        appended = connection->append({"PTTL", op.key});
        break;
    }
    if (!appended) return false;
  }
  while (!batch.empty()) {
    auto reply = connection->read_reply();
    if (!reply) return false;
    const redisReply& r = **reply;
    const Op op = std::move(batch.front());
    batch.pop_front();
    switch (op.kind) {
      case Op::Kind::kClaim:
        if (r.type == REDIS_REPLY_NIL) {
          op.claim_done(Claim::kReplay);
        } else if (r.type == REDIS_REPLY_STATUS && std::string_view(r.str, r.len) == "OK") {
          op.claim_done(Claim::kFirst);
        } else {
          op.fail();
          return false;
        }
        break;
      case Op::Kind::kNote:
        break;
      case Op::Kind::kWasIssued:
        if (r.type != REDIS_REPLY_INTEGER) {
          op.fail();
          return false;
        }
        // -2: no such key; -1: a key without expiry, which note_issued never writes.
        op.issued_done(r.integer > 0 ? std::optional(milliseconds(r.integer)) : std::nullopt);
        break;
    }
  }
  return true;
}

}  // namespace gt3::offline
