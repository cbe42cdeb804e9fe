// What the Redis status store tests share: a Recorder of a store's events that a test can await,
// and a fixture with a real redis-server and a raw connection to look into it.
// Test code only. A Recorder is called on the store's command thread and read on the test's; it
// must outlive the store that calls it. Waits end at kSafetyNet (a failure, never a hang).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bypass/redis_status_store.h"
#include "testing/redis_server.h"

namespace gt3::bypass::store_testing {

using std::chrono::milliseconds;
using testing::raw_command;
using testing::raw_connect;
using testing::RawRedis;
using testing::RawReply;
using testing::RedisServer;

constexpr auto kSafetyNet = std::chrono::seconds(10);

// What a store reported, and a way to await a condition on it. Recorders that share a Signal can
// be awaited together (e.g. "one of the two leads").
struct Signal {
  std::mutex mutex;
  std::condition_variable changed;
};

class Recorder {
 public:
  struct Seen {
    std::vector<SharedState> states;
    std::optional<bool> reachable;
    bool leader = false;
    bool ever_leader = false;
    int times_leader = 0;
  };

  explicit Recorder(std::shared_ptr<Signal> signal = std::make_shared<Signal>())
      : signal_(std::move(signal)) {}

  StatusStore::Events events() {
    return {
        .on_state =
            [this](const SharedState& state) { update([&] { seen_.states.push_back(state); }); },
        .on_reachable = [this](bool reachable) { update([&] { seen_.reachable = reachable; }); },
        .on_leader =
            [this](bool leader) {
              update([&] {
                seen_.leader = leader;
                seen_.ever_leader = seen_.ever_leader || leader;
                seen_.times_leader += leader ? 1 : 0;
              });
            },
    };
  }

  // True when `condition` held within the safety net.
  template <class Condition>
  bool wait_until(Condition condition) {
    return wait_together(*signal_, [&] { return condition(seen_); });
  }

  template <class Condition>
  static bool wait_together(Signal& signal, Condition condition) {
    std::unique_lock lock(signal.mutex);
    return signal.changed.wait_for(lock, kSafetyNet, condition);
  }

  // Only under the Signal's mutex (inside a wait_together condition).
  const Seen& seen_locked() const { return seen_; }

  Seen seen() {
    std::lock_guard lock(signal_->mutex);
    return seen_;
  }

 private:
  template <class Change>
  void update(Change change) {
    std::lock_guard lock(signal_->mutex);
    change();
    signal_->changed.notify_all();
  }

  std::shared_ptr<Signal> signal_;
  Seen seen_;
};

inline bool last_status_is(const Recorder::Seen& seen, std::optional<CloudStatus> status) {
  return !seen.states.empty() && seen.states.back().status == status;
}

inline bool last_override_is(const Recorder::Seen& seen, Override mode) {
  return !seen.states.empty() && seen.states.back().override_mode == mode;
}

class RedisStatusStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.start());
    raw_ = raw_connect(redis_.port());
    ASSERT_TRUE(raw_);
  }

  RedisStoreOptions options(milliseconds refresh = milliseconds(50),
                            milliseconds lease_ttl = milliseconds(2000)) {
    RedisStoreOptions o;
    o.url = redis_.url();
    o.refresh_interval = refresh;
    o.lease_ttl = lease_ttl;
    o.max_backoff = milliseconds(200);
    return o;
  }

  std::string raw_get(const std::string& key) {
    RawReply reply = raw_command(raw_.get(), "GET %s", key.c_str());
    if (!reply || reply->type != REDIS_REPLY_STRING) return "(none)";
    return std::string(reply->str, reply->len);
  }

  // Waits until `count` connections are subscribed to the store's channel.
  bool wait_for_subscribers(long long count) {
    const auto deadline = std::chrono::steady_clock::now() + kSafetyNet;
    while (std::chrono::steady_clock::now() < deadline) {
      RawReply reply =
          raw_command(raw_.get(), "PUBSUB NUMSUB %s", RedisStoreOptions{}.channel.c_str());
      if (reply && reply->type == REDIS_REPLY_ARRAY && reply->elements == 2 &&
          reply->element[1]->integer >= count) {
        return true;
      }
      std::this_thread::sleep_for(milliseconds(10));  // a bounded poll of Redis's own state
    }
    return false;
  }

  RedisServer redis_;
  RawRedis raw_;
};

}  // namespace gt3::bypass::store_testing
