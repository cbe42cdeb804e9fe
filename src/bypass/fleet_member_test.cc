// A fleet of two instances on one real Redis, probing the cloud simulator: one poller, shared
// status and override, hand-over when the poller stops, and life without Redis.
#include "bypass/fleet_member.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "bypass/redis_status_store.h"
#include "cloudsim/cloud_simulator.h"
#include "gt3/asio_http_client.h"
#include "http/io_threads.h"
#include "testing/logger_made_first.h"
#include "testing/redis_server.h"

namespace gt3::bypass {
namespace {

using std::chrono::milliseconds;
using namespace testing;

constexpr std::string_view kId = "0123456789abcdef0123456789abcdef";
constexpr auto kSafetyNet = std::chrono::seconds(20);

// Counts what an instance sends: its probes.
class CountingHttpClient : public HttpClient {
 public:
  explicit CountingHttpClient(HttpClient& next) : next_(next) {}
  void send(HttpRequest request, Handler done) override {
    ++sent;
    next_.send(std::move(request), std::move(done));
  }
  std::atomic<int> sent{0};

 private:
  HttpClient& next_;
};

// Everything one instance of the service has for availability.
struct Instance {
  Instance(boost::asio::io_context& io, HttpClient& http, std::uint16_t redis_port,
           std::string cloud_url, std::function<void()> changed)
      : counting(http),
        store([&] {
          RedisStoreOptions options;
          options.url.port = redis_port;
          options.lease_ttl = milliseconds(600);
          options.refresh_interval = milliseconds(100);
          options.command_timeout = milliseconds(200);
          options.max_backoff = milliseconds(200);
          return options;
        }()),
        checker(
            io,
            std::make_shared<Probe>(
                ProbeTarget{std::move(cloud_url), std::string(kId), milliseconds(40)}, counting),
            availability, {milliseconds(50), milliseconds(40), 0.1, {2, 2}}),
        member(store, availability, checker, milliseconds(500)) {
    availability.add_listener([changed](const StatusSnapshot&) { changed(); });
    member.set_observer(changed);
    checker.start();
    member.start();
  }
  ~Instance() {
    member.stop();
    checker.stop();
  }

  CountingHttpClient counting;
  Availability availability{{2, 2}};
  RedisStatusStore store;
  HealthChecker checker;
  FleetMember member;
};

class FleetMemberTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.start());
    cloudsim::CloudSimulatorOptions options;
    options.apps = {cloudsim::App{std::string(kId), Secret(std::string(32, 'e'))}};
    sim_ = std::make_unique<cloudsim::CloudSimulator>(io_.context(), options);
    ASSERT_TRUE(sim_->start().has_value());
    const std::string url =
        "http://127.0.0.1:" + std::to_string(sim_->cloud_port()) + "/v1/bypass_status.php";
    auto changed = [this] {
      std::lock_guard lock(mutex_);
      changed_.notify_all();
    };
    a_ = std::make_unique<Instance>(io_.context(), http_, redis_.port(), url, changed);
    b_ = std::make_unique<Instance>(io_.context(), http_, redis_.port(), url, changed);
  }

  void TearDown() override {
    a_.reset();
    b_.reset();
    sim_->stop();
  }

  template <class Pred>
  bool eventually(Pred pred) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kSafetyNet, pred);
  }

  bool one_leader() { return a_->member.leader() != b_->member.leader(); }
  Instance& leader() { return a_->member.leader() ? *a_ : *b_; }
  Instance& follower() { return a_->member.leader() ? *b_ : *a_; }
  bool both(CaptchaMode mode) {
    return a_->availability.mode() == mode && b_->availability.mode() == mode;
  }

  void set_cloud(std::string_view mode) { sim_->set_mode(*cloudsim::FaultMode::parse(mode)); }

  std::string stored_status() {
    RawRedis redis = raw_connect(redis_.port());
    if (!redis) return "";
    RawReply reply = raw_command(redis.get(), "GET gt_server_bypass_status");
    return reply && reply->type == REDIS_REPLY_STRING ? std::string(reply->str, reply->len) : "";
  }

  RedisServer redis_;
  http::IoThreads io_{2};
  AsioHttpClient http_{io_.context()};
  std::unique_ptr<cloudsim::CloudSimulator> sim_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::unique_ptr<Instance> a_;
  std::unique_ptr<Instance> b_;
};

TEST_F(FleetMemberTest, OnlyTheLeaderProbesAndBothFollowTheCloud) {
  ASSERT_TRUE(eventually([&] { return one_leader() && !follower().member.probing_alone(); }));
  const int follower_probes = follower().counting.sent;
  const int leader_probes = leader().counting.sent;
  // Every probe changes the leader's snapshot (its last probe), which wakes this wait.
  ASSERT_TRUE(eventually([&] { return leader().counting.sent >= leader_probes + 5; }));
  EXPECT_LE(follower().counting.sent, follower_probes + 1);  // at most one already in flight

  for (int round = 0; round < 2; ++round) {
    set_cloud("down");
    ASSERT_TRUE(eventually([&] { return both(CaptchaMode::kOffline); })) << round;
    EXPECT_EQ(stored_status(), "fail");
    set_cloud("up");
    ASSERT_TRUE(eventually([&] { return both(CaptchaMode::kOnline); })) << round;
    EXPECT_EQ(stored_status(), "success");
  }
}

TEST_F(FleetMemberTest, StoppingTheLeaderHandsPollingToTheOther) {
  ASSERT_TRUE(eventually([&] { return one_leader(); }));
  const bool a_led = a_->member.leader();
  (a_led ? a_ : b_)->member.stop();
  Instance& other = a_led ? *b_ : *a_;
  ASSERT_TRUE(eventually([&] { return other.member.leader(); }));
  set_cloud("hang");
  EXPECT_TRUE(eventually([&] { return other.availability.mode() == CaptchaMode::kOffline; }));
}

TEST_F(FleetMemberTest, AnOverrideSetOnOneInstanceReachesTheOther) {
  ASSERT_TRUE(eventually([&] { return one_leader(); }));
  a_->member.set_override(Override::kForceOffline);
  ASSERT_TRUE(eventually([&] { return both(CaptchaMode::kOffline); }));
  EXPECT_EQ(b_->availability.snapshot()->override_mode, Override::kForceOffline);
  b_->member.set_override(Override::kAuto);
  EXPECT_TRUE(eventually([&] { return both(CaptchaMode::kOnline); }));
}

TEST_F(FleetMemberTest, WithoutRedisEveryInstanceProbesAloneAndRejoinsWhenItIsBack) {
  ASSERT_TRUE(eventually([&] { return one_leader(); }));
  redis_.stop();
  ASSERT_TRUE(eventually([&] { return a_->member.probing_alone() && b_->member.probing_alone(); }));
  set_cloud("down");
  ASSERT_TRUE(eventually([&] { return both(CaptchaMode::kOffline); }));
  set_cloud("up");
  ASSERT_TRUE(eventually([&] { return both(CaptchaMode::kOnline); }));

  ASSERT_TRUE(redis_.start());
  ASSERT_TRUE(eventually(
      [&] { return one_leader() && !a_->member.probing_alone() && !b_->member.probing_alone(); }));
  set_cloud("status-fail");
  EXPECT_TRUE(eventually([&] { return both(CaptchaMode::kOffline); }));
  EXPECT_TRUE(eventually([&] { return stored_status() == "fail"; }));  // the new leader writes
}

}  // namespace
}  // namespace gt3::bypass
