#include "bypass/redis_status_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <vector>

#include "testing/redis_server.h"

namespace gt3::bypass {
namespace {

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

bool last_status_is(const Recorder::Seen& seen, std::optional<CloudStatus> status) {
  return !seen.states.empty() && seen.states.back().status == status;
}

bool last_override_is(const Recorder::Seen& seen, Override mode) {
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

TEST_F(RedisStatusStoreTest, StoresSuccessOrFailUnderTheStatusKeyWithATtl) {
  Recorder recorder;  // outlives the store that calls it
  RedisStatusStore store(options());
  store.start(recorder.events());

  store.write_status(CloudStatus::kSuccess, milliseconds(30000));
  ASSERT_TRUE(
      recorder.wait_until([](auto& s) { return last_status_is(s, CloudStatus::kSuccess); }));
  EXPECT_EQ(raw_get("gt_server_bypass_status"), "success");
  RawReply ttl = raw_command(raw_.get(), "PTTL gt_server_bypass_status");
  ASSERT_TRUE(ttl);
  EXPECT_GT(ttl->integer, 0);
  EXPECT_LE(ttl->integer, 30000);

  store.write_status(CloudStatus::kFail, milliseconds(30000));
  ASSERT_TRUE(recorder.wait_until([](auto& s) { return last_status_is(s, CloudStatus::kFail); }));
  EXPECT_EQ(raw_get("gt_server_bypass_status"), "fail");
}

TEST_F(RedisStatusStoreTest, ReportsTheStateAtStartAndReachability) {
  ASSERT_TRUE(raw_command(raw_.get(), "SET gt_server_bypass_status fail"));
  ASSERT_TRUE(raw_command(raw_.get(), "SET gt3_bypass_override force-online"));
  Recorder recorder;  // outlives the store that calls it
  RedisStatusStore store(options());
  store.start(recorder.events());
  ASSERT_TRUE(recorder.wait_until([](auto& s) { return !s.states.empty(); }));
  const auto seen = recorder.seen();
  EXPECT_EQ(seen.reachable, true);
  EXPECT_EQ(seen.states.front(), (SharedState{CloudStatus::kFail, Override::kForceOnline}));
}

TEST_F(RedisStatusStoreTest, AnotherInstanceHearsAStatusChangeThroughPubSub) {
  // A refresh interval of a minute: only the announcement can explain that B sees the change.
  Recorder seen_by_a, seen_by_b;
  RedisStatusStore a(options(std::chrono::minutes(1), std::chrono::minutes(2)));
  RedisStatusStore b(options(std::chrono::minutes(1), std::chrono::minutes(2)));
  a.start(seen_by_a.events());
  b.start(seen_by_b.events());
  ASSERT_TRUE(seen_by_b.wait_until([](auto& s) { return last_status_is(s, std::nullopt); }));
  ASSERT_TRUE(wait_for_subscribers(2));

  a.write_status(CloudStatus::kFail, milliseconds(30000));
  EXPECT_TRUE(seen_by_b.wait_until([](auto& s) { return last_status_is(s, CloudStatus::kFail); }));
  EXPECT_TRUE(seen_by_a.wait_until([](auto& s) { return last_status_is(s, CloudStatus::kFail); }));
}

TEST_F(RedisStatusStoreTest, AnOverrideWrittenByOneInstanceIsSeenByAnother) {
  Recorder seen_by_a, seen_by_b;
  RedisStatusStore a(options(std::chrono::minutes(1), std::chrono::minutes(2)));
  RedisStatusStore b(options(std::chrono::minutes(1), std::chrono::minutes(2)));
  a.start(seen_by_a.events());
  b.start(seen_by_b.events());
  ASSERT_TRUE(seen_by_b.wait_until([](auto& s) { return !s.states.empty(); }));
  ASSERT_TRUE(wait_for_subscribers(2));

  a.write_override(Override::kForceOffline);
  EXPECT_TRUE(
      seen_by_b.wait_until([](auto& s) { return last_override_is(s, Override::kForceOffline); }));
  EXPECT_EQ(raw_get("gt3_bypass_override"), "force-offline");
  RawReply ttl = raw_command(raw_.get(), "PTTL gt3_bypass_override");
  ASSERT_TRUE(ttl);
  EXPECT_EQ(ttl->integer, -1) << "the override has no expiry";
}

TEST_F(RedisStatusStoreTest, AnExpiredStatusIsReportedAsAbsent) {
  Recorder recorder;
  RedisStatusStore store(options(milliseconds(50)));
  store.start(recorder.events());
  store.write_status(CloudStatus::kSuccess, milliseconds(200));
  ASSERT_TRUE(
      recorder.wait_until([](auto& s) { return last_status_is(s, CloudStatus::kSuccess); }));
  EXPECT_TRUE(recorder.wait_until([](auto& s) { return last_status_is(s, std::nullopt); }));
}

TEST_F(RedisStatusStoreTest, ExactlyOneOfTwoInstancesHoldsTheLease) {
  auto signal = std::make_shared<Signal>();
  Recorder seen_by_a(signal), seen_by_b(signal);
  RedisStatusStore a(options());
  RedisStatusStore b(options());
  a.start(seen_by_a.events());
  b.start(seen_by_b.events());
  ASSERT_TRUE(Recorder::wait_together(
      *signal, [&] { return seen_by_a.seen_locked().leader || seen_by_b.seen_locked().leader; }));
  const bool a_leads = seen_by_a.seen().leader;
  EXPECT_NE(a_leads, seen_by_b.seen().leader);
  EXPECT_EQ(raw_get("gt3_bypass_lease"), a_leads ? a.instance_id() : b.instance_id());
  RawReply ttl = raw_command(raw_.get(), "PTTL gt3_bypass_lease");
  ASSERT_TRUE(ttl);
  EXPECT_GT(ttl->integer, 0);
}

TEST_F(RedisStatusStoreTest, StoppingTheLeaderReleasesTheLeaseToTheOther) {
  // A lease of a minute: only the release at stop() can explain a takeover.
  Recorder seen_by_a, seen_by_b;
  RedisStatusStore a(options(milliseconds(50), std::chrono::minutes(1)));
  a.start(seen_by_a.events());
  ASSERT_TRUE(seen_by_a.wait_until([](auto& s) { return s.leader; }));
  RedisStatusStore b(options(milliseconds(50), std::chrono::minutes(1)));
  b.start(seen_by_b.events());
  ASSERT_TRUE(seen_by_b.wait_until([](auto& s) { return !s.states.empty(); }));
  EXPECT_FALSE(seen_by_b.seen().leader);

  a.stop();
  EXPECT_TRUE(seen_by_b.wait_until([](auto& s) { return s.leader; }));
  EXPECT_EQ(raw_get("gt3_bypass_lease"), b.instance_id());
}

TEST_F(RedisStatusStoreTest, ALeaseThatIsNoLongerRenewedIsTakenOverWhenItLapses) {
  // A holder that died without releasing: its lease is there, and nobody renews it.
  ASSERT_TRUE(raw_command(raw_.get(), "SET gt3_bypass_lease dead-instance PX 300"));
  Recorder recorder;
  RedisStatusStore store(options(milliseconds(50)));
  store.start(recorder.events());
  ASSERT_TRUE(recorder.wait_until([](auto& s) { return !s.states.empty(); }));
  EXPECT_TRUE(recorder.wait_until([](auto& s) { return s.leader; }));
  EXPECT_EQ(raw_get("gt3_bypass_lease"), store.instance_id());
}

TEST_F(RedisStatusStoreTest, ALeaderWhoseLeaseWasTakenReportsTheLoss) {
  Recorder recorder;
  RedisStatusStore store(options(milliseconds(50)));
  store.start(recorder.events());
  ASSERT_TRUE(recorder.wait_until([](auto& s) { return s.leader; }));
  ASSERT_TRUE(raw_command(raw_.get(), "SET gt3_bypass_lease usurper PX 60000"));
  EXPECT_TRUE(recorder.wait_until([](auto& s) { return !s.leader; }));
  EXPECT_EQ(raw_get("gt3_bypass_lease"), "usurper");
}

TEST_F(RedisStatusStoreTest, ALeaderThatReconnectsBeforeItsLeaseLapsesTakesItBack) {
  Recorder recorder;
  RedisStatusStore store(options(milliseconds(50), std::chrono::minutes(1)));
  store.start(recorder.events());
  ASSERT_TRUE(recorder.wait_until([](auto& s) { return s.leader; }));
  // Drop the store's connections (not ours): Redis stays up, the lease stays in it.
  ASSERT_TRUE(raw_command(raw_.get(), "CLIENT KILL TYPE normal SKIPME yes"));
  ASSERT_TRUE(raw_command(raw_.get(), "CLIENT KILL TYPE pubsub"));
  EXPECT_TRUE(recorder.wait_until([](auto& s) { return s.times_leader == 2 && s.leader; }));
  EXPECT_EQ(raw_get("gt3_bypass_lease"), store.instance_id());
}

TEST_F(RedisStatusStoreTest, AnInstanceThatDoesNotCompeteNeverLeads) {
  Recorder recorder;
  RedisStoreOptions reader = options(milliseconds(50));
  reader.compete_for_lease = false;
  RedisStatusStore store(reader);
  store.start(recorder.events());
  // A status that expires takes several refresh ticks, each a chance to take the free lease.
  store.write_status(CloudStatus::kSuccess, milliseconds(300));
  ASSERT_TRUE(
      recorder.wait_until([](auto& s) { return last_status_is(s, CloudStatus::kSuccess); }));
  ASSERT_TRUE(recorder.wait_until([](auto& s) { return last_status_is(s, std::nullopt); }));
  EXPECT_FALSE(recorder.seen().ever_leader);
  EXPECT_EQ(raw_get("gt3_bypass_lease"), "(none)");
}

TEST_F(RedisStatusStoreTest, SurvivesRedisGoingAwayAndComingBackOnTheSamePort) {
  auto signal = std::make_shared<Signal>();
  Recorder seen_by_a(signal), seen_by_b(signal);
  RedisStatusStore a(options());
  a.start(seen_by_a.events());
  ASSERT_TRUE(seen_by_a.wait_until([](auto& s) { return s.leader && s.reachable == true; }));
  RedisStatusStore b(options());
  b.start(seen_by_b.events());
  ASSERT_TRUE(seen_by_b.wait_until([](auto& s) { return s.reachable == true; }));

  redis_.stop();
  ASSERT_TRUE(seen_by_a.wait_until([](auto& s) { return s.reachable == false && !s.leader; }));
  ASSERT_TRUE(seen_by_b.wait_until([](auto& s) { return s.reachable == false; }));
  // The caller is never blocked: this returns although Redis is down; it is done once back.
  a.write_status(CloudStatus::kFail, std::chrono::minutes(1));

  ASSERT_TRUE(redis_.start());
  EXPECT_TRUE(seen_by_a.wait_until([](auto& s) { return s.reachable == true; }));
  EXPECT_TRUE(seen_by_b.wait_until([](auto& s) { return s.reachable == true; }));
  EXPECT_TRUE(seen_by_b.wait_until([](auto& s) { return last_status_is(s, CloudStatus::kFail); }));

  a.write_status(CloudStatus::kSuccess, std::chrono::minutes(1));
  EXPECT_TRUE(
      seen_by_b.wait_until([](auto& s) { return last_status_is(s, CloudStatus::kSuccess); }));
  EXPECT_TRUE(Recorder::wait_together(
      *signal, [&] { return seen_by_a.seen_locked().leader || seen_by_b.seen_locked().leader; }));
}

TEST_F(RedisStatusStoreTest, AnOverrideLostWithARestartedRedisIsKeptAndWrittenBack) {
  Recorder recorder;
  RedisStatusStore store(options());
  store.start(recorder.events());
  store.write_override(Override::kForceOffline);
  ASSERT_TRUE(
      recorder.wait_until([](auto& s) { return last_override_is(s, Override::kForceOffline); }));
  redis_.kill();  // a crash: Redis comes back with no keys at all
  ASSERT_TRUE(recorder.wait_until([](auto& s) { return s.reachable == false; }));
  ASSERT_TRUE(redis_.start());
  ASSERT_TRUE(recorder.wait_until([](auto& s) { return s.reachable == true; }));
  EXPECT_TRUE(redis_.comes_to_hold("gt3_bypass_override", "force-offline"));
  const auto states = recorder.seen().states;
  auto state = std::find_if(states.begin(), states.end(), [](const SharedState& s) {
    return s.override_mode == Override::kForceOffline;
  });
  for (; state != states.end(); ++state) {
    EXPECT_EQ(state->override_mode, Override::kForceOffline) << "the override read as another";
  }
}

TEST_F(RedisStatusStoreTest, StopIsIdempotentAndReturnsWhileRedisIsDown) {
  Recorder recorder;
  RedisStatusStore store(options());
  store.start(recorder.events());
  ASSERT_TRUE(recorder.wait_until([](auto& s) { return s.leader; }));
  redis_.stop();
  ASSERT_TRUE(recorder.wait_until([](auto& s) { return s.reachable == false; }));
  store.write_override(Override::kForceOffline);

  auto stopped = std::async(std::launch::async, [&] {
    store.stop();
    store.stop();
  });
  EXPECT_EQ(stopped.wait_for(kSafetyNet), std::future_status::ready);
}

TEST_F(RedisStatusStoreTest, StopBeforeStartAndStartAfterStopAreHarmless) {
  Recorder recorder;
  RedisStatusStore store(options());
  store.stop();
  store.start(recorder.events());
  store.stop();
  EXPECT_TRUE(recorder.seen().states.empty());
}

TEST_F(RedisStatusStoreTest, StoppingReleasesTheLease) {
  Recorder recorder;
  RedisStatusStore store(options(milliseconds(50), std::chrono::minutes(1)));
  store.start(recorder.events());
  ASSERT_TRUE(recorder.wait_until([](auto& s) { return s.leader; }));
  store.stop();
  EXPECT_EQ(raw_get("gt3_bypass_lease"), "(none)");
}

TEST_F(RedisStatusStoreTest, AnEventHandlerMayWriteWithoutDeadlock) {
  std::optional<RedisStatusStore> store(std::in_place, options());
  Recorder recorder;
  StatusStore::Events events = recorder.events();
  auto record = std::move(events.on_state);
  events.on_state = [&](const SharedState& state) {
    if (state.override_mode == Override::kAuto) store->write_override(Override::kForceOnline);
    if (!state.status) store->write_status(CloudStatus::kSuccess, std::chrono::minutes(1));
    record(state);
  };
  store->start(std::move(events));
  EXPECT_TRUE(recorder.wait_until([](auto& s) {
    return last_override_is(s, Override::kForceOnline) && last_status_is(s, CloudStatus::kSuccess);
  }));
  store->stop();
}

}  // namespace
}  // namespace gt3::bypass
