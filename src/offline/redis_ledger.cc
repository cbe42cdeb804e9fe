#include "offline/redis_ledger.h"

#include <algorithm>
#include <deque>
#include <iterator>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "redis/redis_connection.h"
#include "redis/redis_worker.h"

namespace gt3::offline {
namespace {

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
  explicit Impl(RedisLedgerOptions o)
      : options(std::move(o)),
        worker({options.url, options.command_timeout, options.max_backoff,
                /*interrupt_on_stop=*/true}) {}

  void enqueue(Op op);
  // Worker thread only.
  bool serve(redis::RedisConnection& connection);
  void connected();
  void disconnected();
  bool round_trip(redis::RedisConnection& connection, std::deque<Op>& batch);
  void fail_queued();

  const RedisLedgerOptions options;

  // Under worker.mutex().
  std::deque<Op> queue;
  bool unreachable = false;  // the last connection attempt or round trip failed

  redis::RedisWorker worker;  // last: its thread uses everything above
};

RedisLedger::RedisLedger(RedisLedgerOptions options) {
  if (auto checked = options.check(); !checked) {
    throw std::invalid_argument(checked.error().detail);
  }
  impl_ = std::make_unique<Impl>(std::move(options));
}

RedisLedger::~RedisLedger() { stop(); }

void RedisLedger::start() {
  Impl* impl = impl_.get();
  impl->worker.start({
      .on_connect =
          [impl](redis::RedisConnection&) {
            impl->connected();
            return true;
          },
      .serve = [impl](redis::RedisConnection& c) { return impl->serve(c); },
      .on_disconnect = [impl](bool) { impl->disconnected(); },
      .on_stop = [impl](redis::RedisConnection*) { impl->fail_queued(); },
  });
}

void RedisLedger::stop() { impl_->worker.stop(); }

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
    std::lock_guard lock(worker.mutex());
    if (worker.running_locked() && !unreachable && queue.size() < options.max_queue) {
      queue.push_back(std::move(op));
      worker.notify();
      return;
    }
  }
  op.fail();  // outside the lock: `done` may call the ledger again
}

// Takes up to max_batch calls and does them in one round trip. A failed round trip answers the
// calls it held before the worker drops the connection.
bool RedisLedger::Impl::serve(redis::RedisConnection& connection) {
  std::deque<Op> batch;
  {
    std::unique_lock lock(worker.mutex());
    if (!worker.wait(lock, [&] { return !queue.empty(); })) return true;
    const std::size_t n = std::min(queue.size(), options.max_batch);
    std::move(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(n),
              std::back_inserter(batch));
    queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(n));
  }
  if (round_trip(connection, batch)) return true;
  fail_all(batch);
  return false;
}

void RedisLedger::Impl::connected() {
  std::lock_guard lock(worker.mutex());
  unreachable = false;
}

// A failed attempt or a lost connection: calls fail inline until the next connection, and what
// was queued is not kept waiting for the backoff.
void RedisLedger::Impl::disconnected() {
  {
    std::lock_guard lock(worker.mutex());
    unreachable = true;
  }
  fail_queued();
}

void RedisLedger::Impl::fail_queued() {
  std::deque<Op> waiting;
  {
    std::lock_guard lock(worker.mutex());
    waiting.swap(queue);
  }
  fail_all(waiting);
}

// Sends the whole batch, then reads the replies in order, answering each call as its reply
// comes. False on any failure; the calls not yet answered stay in `batch`.
bool RedisLedger::Impl::round_trip(redis::RedisConnection& connection, std::deque<Op>& batch) {
  for (const Op& op : batch) {
    Result<void> appended;
    switch (op.kind) {
      case Op::Kind::kClaim:
        appended = connection.append({"SET", op.key, "1", "NX", "PX", ms_arg(op.ttl)});
        break;
      case Op::Kind::kNote:
        appended = connection.append({"SET", op.key, "1", "PX", ms_arg(op.ttl)});
        break;
      case Op::Kind::kWasIssued:
        appended = connection.append({"PTTL", op.key});
        break;
    }
    if (!appended) return false;
  }
  while (!batch.empty()) {
    auto reply = connection.read_reply();
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
