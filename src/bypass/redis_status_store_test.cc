// The Redis status store's state: writes, reads, announcements between instances, Redis going
// away and coming back, stopping.
#include "bypass/redis_status_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <optional>

#include "bypass/redis_status_store_test_support.h"

namespace gt3::bypass {
namespace {

using namespace store_testing;

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
