// The fleet's lease on Redis: one poller at a time, released at stop(), taken over when it lapses.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "bypass/redis_status_store.h"
#include "bypass/redis_status_store_test_support.h"

namespace gt3::bypass {
namespace {

using namespace store_testing;

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

TEST_F(RedisStatusStoreTest, StoppingReleasesTheLease) {
  Recorder recorder;
  RedisStatusStore store(options(milliseconds(50), std::chrono::minutes(1)));
  store.start(recorder.events());
  ASSERT_TRUE(recorder.wait_until([](auto& s) { return s.leader; }));
  store.stop();
  EXPECT_EQ(raw_get("gt3_bypass_lease"), "(none)");
}

}  // namespace
}  // namespace gt3::bypass
