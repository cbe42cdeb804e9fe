// RedisWorker against a real redis-server: connecting, serving, losing and regaining Redis, and
// the two ways of stopping (interrupting a blocked read, or letting on_stop use the connection).
#include "redis/redis_worker.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <future>
#include <mutex>
#include <optional>
#include <string>

#include "testing/guarded.h"
#include "testing/redis_server.h"

namespace gt3::redis {
namespace {

using std::chrono::milliseconds;
using testing::RedisServer;

constexpr auto kSafetyNet = std::chrono::seconds(10);

// What the hooks saw, awaitable from the test's thread.
struct Counts {
  int connects = 0;
  int failed_attempts = 0;
  int losses = 0;
  int stops = 0;
  bool stopped_with_connection = false;
};
using Seen = gt3::testing::Guarded<Counts>;

RedisWorker::Options options_for(std::uint16_t port, bool interrupt_on_stop = true) {
  RedisWorker::Options options;
  options.url.port = port;
  options.timeout = milliseconds(300);
  options.max_backoff = milliseconds(100);
  options.interrupt_on_stop = interrupt_on_stop;
  return options;
}

// Hooks that record everything; serve() PINGs every 20 ms, so that a lost Redis is noticed.
RedisWorker::Hooks pinging_hooks(RedisWorker& worker, Seen& seen) {
  return {
      .on_connect =
          [&seen](RedisConnection&) {
            seen.update([](auto& c) { ++c.connects; });
            return true;
          },
      .serve =
          [&worker](RedisConnection& connection) {
            std::unique_lock lock(worker.mutex());
            const auto next_ping = RedisWorker::Clock::now() + milliseconds(20);
            if (!worker.wait_until(lock, next_ping, [] { return false; })) return true;
            lock.unlock();
            return connection.command({"PING"}).has_value();
          },
      .on_disconnect =
          [&seen](bool was_connected) {
            seen.update([&](auto& c) { ++(was_connected ? c.losses : c.failed_attempts); });
          },
      .on_stop =
          [&seen](RedisConnection* connection) {
            seen.update([&](auto& c) {
              ++c.stops;
              c.stopped_with_connection = connection != nullptr;
            });
          },
  };
}

TEST(RedisWorker, ConnectsServesAndStopsOnce) {
  RedisServer server;
  ASSERT_TRUE(server.start());
  Seen seen{kSafetyNet};  // outlives the worker that calls it
  RedisWorker worker(options_for(server.port()));
  worker.start(pinging_hooks(worker, seen));
  ASSERT_TRUE(seen.wait_until([](auto& c) { return c.connects == 1; }));
  worker.stop();
  worker.stop();  // idempotent
  const auto counts = seen.get();
  EXPECT_EQ(counts.stops, 1);
  EXPECT_EQ(counts.failed_attempts, 0);
}

// A serve() with nothing left to do: waits for stop() (true: the connection itself is fine).
bool worker_waits_for_stop(RedisWorker& worker) {
  std::unique_lock lock(worker.mutex());
  worker.wait(lock, [] { return false; });
  return true;
}

// hiredis writes with write(2): to a Redis that closed the connection, that raises SIGPIPE,
// whose default action would end the whole process (a serve losing Redis). On the worker's
// thread it is an error like any other.
TEST(RedisWorker, AWriteToARedisThatClosedTheConnectionFailsWithoutEndingTheProcess) {
  RedisServer server;
  ASSERT_TRUE(server.start());
  gt3::testing::Guarded<std::optional<int>> write_error{kSafetyNet};
  RedisWorker worker(options_for(server.port()));
  RedisWorker::Hooks hooks;
  hooks.serve = [&](RedisConnection& connection) {
    if (write_error.get()) return worker_waits_for_stop(worker);
    auto killer = gt3::testing::raw_connect(server.port());
    if (!killer) return false;
    gt3::testing::raw_command(killer.get(), "CLIENT KILL TYPE normal SKIPME yes");
    const std::string ping = "PING\r\n";
    int error = 0;
    for (int i = 0; i < 1000 && error == 0; ++i) {  // the first writes may still be accepted
      if (::write(connection.fd(), ping.data(), ping.size()) < 0) error = errno;
    }
    write_error.update([&](auto& seen) { seen = error; });
    return false;
  };
  worker.start(std::move(hooks));
  ASSERT_TRUE(write_error.wait_until([](auto& seen) { return seen.has_value(); }));
  EXPECT_EQ(write_error.get(), EPIPE);
}

TEST(RedisWorker, RetriesUntilRedisIsThereAndReconnectsAfterLosingIt) {
  RedisServer server;  // not started yet: nothing listens on its port
  Seen seen{kSafetyNet};
  RedisWorker worker(options_for(server.port()));
  worker.start(pinging_hooks(worker, seen));
  ASSERT_TRUE(seen.wait_until([](auto& c) { return c.failed_attempts >= 2; }));
  EXPECT_EQ(seen.get().connects, 0);

  ASSERT_TRUE(server.start());
  ASSERT_TRUE(seen.wait_until([](auto& c) { return c.connects == 1; }));
  server.kill();
  ASSERT_TRUE(seen.wait_until([](auto& c) { return c.losses == 1; }));
  ASSERT_TRUE(server.start());
  EXPECT_TRUE(seen.wait_until([](auto& c) { return c.connects == 2; }));
}

TEST(RedisWorker, AConnectionThatOnConnectRefusesCountsAsAFailedAttempt) {
  RedisServer server;
  ASSERT_TRUE(server.start());
  Seen seen{kSafetyNet};
  RedisWorker worker(options_for(server.port()));
  RedisWorker::Hooks hooks = pinging_hooks(worker, seen);
  std::atomic<int> offered{0};
  hooks.on_connect = [&](RedisConnection&) {
    if (++offered == 1) return false;
    seen.update([](auto& c) { ++c.connects; });
    return true;
  };
  worker.start(std::move(hooks));
  ASSERT_TRUE(seen.wait_until([](auto& c) { return c.connects == 1; }));
  EXPECT_EQ(seen.get().failed_attempts, 1);
  EXPECT_EQ(seen.get().losses, 0);
}

TEST(RedisWorker, StopInterruptsAReadThatWouldWaitForever) {
  RedisServer server;
  ASSERT_TRUE(server.start());
  Seen seen{kSafetyNet};
  RedisWorker worker(options_for(server.port()));
  RedisWorker::Hooks hooks = pinging_hooks(worker, seen);
  hooks.on_connect = [&](RedisConnection& connection) {
    if (!connection.command({"SUBSCRIBE", "nobody-publishes-here"})) return false;
    connection.set_read_timeout(milliseconds::zero());
    seen.update([](auto& c) { ++c.connects; });
    return true;
  };
  hooks.serve = [](RedisConnection& connection) { return connection.read_reply().has_value(); };
  worker.start(std::move(hooks));
  ASSERT_TRUE(seen.wait_until([](auto& c) { return c.connects == 1; }));

  auto stopped = std::async(std::launch::async, [&] { worker.stop(); });
  ASSERT_EQ(stopped.wait_for(kSafetyNet), std::future_status::ready);
  EXPECT_EQ(seen.get().stops, 1);
}

TEST(RedisWorker, WithoutInterruptionOnStopStillHasTheConnection) {
  RedisServer server;
  ASSERT_TRUE(server.start());
  Seen seen{kSafetyNet};
  RedisWorker worker(options_for(server.port(), /*interrupt_on_stop=*/false));
  RedisWorker::Hooks hooks = pinging_hooks(worker, seen);
  hooks.on_stop = [&](RedisConnection* connection) {
    const bool written =
        connection != nullptr && connection->command({"SET", "said-goodbye", "yes"});
    seen.update([&](auto& c) {
      ++c.stops;
      c.stopped_with_connection = written;
    });
  };
  worker.start(std::move(hooks));
  ASSERT_TRUE(seen.wait_until([](auto& c) { return c.connects == 1; }));
  worker.stop();
  EXPECT_TRUE(seen.get().stopped_with_connection);
  EXPECT_EQ(server.value_of("said-goodbye"), "yes");
}

TEST(RedisWorker, StopBeforeStartAndStartAfterStopRunNothing) {
  RedisServer server;
  ASSERT_TRUE(server.start());
  Seen seen{kSafetyNet};
  RedisWorker worker(options_for(server.port()));
  {
    std::lock_guard lock(worker.mutex());
    EXPECT_FALSE(worker.running_locked());
  }
  worker.stop();
  worker.start(pinging_hooks(worker, seen));
  {
    std::lock_guard lock(worker.mutex());
    EXPECT_FALSE(worker.running_locked());
  }
  worker.stop();
  EXPECT_EQ(seen.get().stops, 0);
  EXPECT_EQ(seen.get().connects, 0);
}

}  // namespace
}  // namespace gt3::redis
