// Chaos: the fleet's Redis crashes (SIGKILL, every key lost) and comes back while users keep
// registering and validating on two `serve` instances. Every answer is a 200 with the right
// result, none waits past the deadlines, a replay on the instance that accepted a challenge is
// refused whatever Redis did meanwhile (FallbackLedger), and after the restart both instances and
// Redis converge on the cloud's status, including a change made while Redis was away.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "testing/redis_server.h"
#include "testing/service_support.h"

namespace gt3::service {
namespace {

using namespace testing;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

// A request may wait for one cloud call (geetest.timeout_ms = 300) and the ledger's worst case
// (twice its 500 ms command timeout); the rest is margin for a loaded test machine.
constexpr milliseconds kRequestDeadline{3000};
// A user's rounds per phase before the test moves on, and a cap that ends every loop.
constexpr int kRoundsPerPhase = 20;
constexpr int kMaxRounds = 20000;
constexpr std::string_view kToken = "chaos-admin-token-0123";

// Polls a condition that nothing announces (the fleet view, what Redis holds) up to a limit.
template <class Condition>
bool poll_until(Condition condition, std::chrono::seconds limit = kSafetyNet) {
  const auto deadline = steady_clock::now() + limit;
  while (steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return condition();
}

// What the users saw: everything that was wrong, and how many rounds ran in each mode.
class Tally {
 public:
  void wrong(std::string what) {
    std::lock_guard lock(mutex_);
    if (problems_.size() < 20) problems_.push_back(std::move(what));
    ++wrong_;
  }
  void round(bool online) {
    std::lock_guard lock(mutex_);
    ++(online ? online_rounds_ : offline_rounds_);
    progressed_.notify_all();
  }
  int rounds() {
    std::lock_guard lock(mutex_);
    return online_rounds_ + offline_rounds_;
  }
  // Waits until `more` rounds have run after `from`.
  bool runs(int from, int more) {
    std::unique_lock lock(mutex_);
    return progressed_.wait_for(lock, kSafetyNet,
                                [&] { return online_rounds_ + offline_rounds_ >= from + more; });
  }
  std::string report() {
    std::lock_guard lock(mutex_);
    std::string out = std::to_string(wrong_) + " wrong answers:";
    for (const auto& problem : problems_) out += "\n  " + problem;
    return out;
  }
  int wrong_count() {
    std::lock_guard lock(mutex_);
    return wrong_;
  }
  int online_rounds() {
    std::lock_guard lock(mutex_);
    return online_rounds_;
  }
  int offline_rounds() {
    std::lock_guard lock(mutex_);
    return offline_rounds_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable progressed_;
  std::vector<std::string> problems_;
  int wrong_ = 0;
  int online_rounds_ = 0;
  int offline_rounds_ = 0;
};

class RedisChaosTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.start());
    for (int i = 0; i < 2; ++i) {
      instances_[i] =
          std::make_unique<Service>(config_for(cloud_, fleet_flags(redis_.port(), kToken)));
      ASSERT_TRUE(instances_[i]->start().has_value());
      waits_[i] = std::make_unique<ModeWait>(*instances_[i]);
      users_[i] = std::make_unique<TestUser>(instances_[i]->port());
    }
  }
  void TearDown() override {
    stop_load();
    for (auto& instance : instances_) {
      if (instance) instance->stop();
    }
  }

  bool both_reach(CaptchaMode mode) { return waits_[0]->reaches(mode) && waits_[1]->reaches(mode); }

  // One user per instance, registering and validating in a loop until stop_load().
  void start_load() {
    for (int i = 0; i < 2; ++i) {
      load_.emplace_back([this, i] { user_loop(i); });
    }
  }
  void stop_load() {
    done_ = true;
    for (auto& thread : load_) thread.join();
    load_.clear();
  }

  // Checks status and timing of one answer from the service; true when it is a 200.
  bool answered(const Answer& answer, steady_clock::time_point started, const std::string& what) {
    const auto took = std::chrono::duration_cast<milliseconds>(steady_clock::now() - started);
    if (took > kRequestDeadline) {
      tally_.wrong(what + " took " + std::to_string(took.count()) + " ms");
    }
    if (answer.status != 200) {
      tally_.wrong(what + " answered " + std::to_string(answer.status) + ": " + answer.body);
      return false;
    }
    return true;
  }

  void user_loop(int index) {
    TestUser user(instances_[index]->port());
    const std::string at = " on instance " + std::to_string(index);
    for (int round = 0; round < kMaxRounds && !done_; ++round) {
      auto started = steady_clock::now();
      const Answer registered = user.get("/register");
      if (!answered(registered, started, "register" + at)) continue;
      const auto json = registered.json();
      const std::string challenge = json.value("challenge", "");
      const bool online = json.value("success", -1) == 1;
      std::string form[3];  // the three fields, as the page posts them
      if (online) {
        const auto fields = user.solve(cloud_, challenge).json();
        if (!fields.is_object()) {
          tally_.wrong("the simulator could not solve " + challenge);
          continue;
        }
        form[0] = fields.value("geetest_challenge", "");
        form[1] = fields.value("geetest_validate", "");
        form[2] = fields.value("geetest_seccode", "");
      } else {
        form[0] = challenge;
        form[1] = "v";
        form[2] = "v|jordan";
      }
      started = steady_clock::now();
      const Answer first = user.validate(form[0], form[1], form[2]);
      const std::string kind = online ? "online" : "offline";
      if (answered(first, started, "validate of an " + kind + " challenge" + at) &&
          !succeeded(first)) {
        tally_.wrong("a solved " + kind + " challenge was refused" + at + ": " + first.body);
      }
      started = steady_clock::now();
      const Answer replay = user.validate(form[0], form[1], form[2]);
      if (answered(replay, started, "replay of an " + kind + " challenge" + at) &&
          succeeded(replay)) {
        tally_.wrong("a replayed " + kind + " challenge was accepted" + at + ": " + replay.body);
      }
      tally_.round(online);
    }
  }

  // An offline challenge accepted on `instance` (the service must be offline).
  std::string accepted_offline(int instance) {
    const Answer registered = users_[instance]->get("/register");
    EXPECT_EQ(registered.json().value("success", -1), 0) << registered.body;
    const std::string challenge = registered.json().value("challenge", "");
    EXPECT_TRUE(succeeded(users_[instance]->validate(challenge, "v", "v|jordan")));
    return challenge;
  }
  std::string replay_reason(int instance, const std::string& challenge) {
    const Answer replay = users_[instance]->validate(challenge, "v", "v|jordan");
    EXPECT_EQ(replay.status, 200) << replay.body;
    return replay.json().value("reason", "");
  }

  std::string redis_status() const { return redis_.value_of("gt_server_bypass_status"); }
  bool fleet_rejoined() {
    const FleetView a = instances_[0]->keeper()->fleet();
    const FleetView b = instances_[1]->keeper()->fleet();
    return a.store_reachable && b.store_reachable && (a.leader != b.leader) && !a.probing_alone &&
           !b.probing_alone;
  }
  // Both instances and Redis agree on `status`.
  bool converged_on(const std::string& status) {
    return redis_.comes_to_hold("gt_server_bypass_status", status) &&
           poll_until([&] { return fleet_rejoined(); }) &&
           both_reach(status == "success" ? CaptchaMode::kOnline : CaptchaMode::kOffline);
  }

  TestCloud cloud_;
  testing::RedisServer redis_;
  std::unique_ptr<Service> instances_[2];
  std::unique_ptr<ModeWait> waits_[2];
  std::unique_ptr<TestUser> users_[2];
  Tally tally_;
  std::atomic<bool> done_{false};
  std::vector<std::thread> load_;
};

TEST_F(RedisChaosTest, UsersAreAnsweredRightWhileRedisIsKilledAndRestarted) {
  ASSERT_TRUE(converged_on("success"));
  start_load();
  ASSERT_TRUE(tally_.runs(0, kRoundsPerPhase));  // online, Redis up

  cloud_.set_mode({cloudsim::Fault::kStatusFail});
  ASSERT_TRUE(converged_on("fail"));
  ASSERT_TRUE(tally_.runs(tally_.rounds(), kRoundsPerPhase));  // offline, Redis up
  const std::string before = accepted_offline(0);
  EXPECT_EQ(replay_reason(1, before), "challenge_replayed");  // the fleet's ledger

  redis_.kill();
  ASSERT_TRUE(tally_.runs(tally_.rounds(), kRoundsPerPhase));  // offline, Redis gone
  EXPECT_EQ(replay_reason(0, before), "challenge_replayed");   // this instance remembers
  const std::string during = accepted_offline(0);
  EXPECT_EQ(replay_reason(0, during), "challenge_replayed");

  // The cloud recovers while Redis is away: each instance sees it by probing alone.
  cloud_.set_mode({});
  ASSERT_TRUE(both_reach(CaptchaMode::kOnline));
  ASSERT_TRUE(tally_.runs(tally_.rounds(), kRoundsPerPhase));  // online, Redis gone

  ASSERT_TRUE(redis_.start());  // on the same port, empty
  EXPECT_TRUE(converged_on("success")) << "Redis holds " << redis_status();
  EXPECT_EQ(replay_reason(0, during), "challenge_replayed");   // not forgotten by its instance
  ASSERT_TRUE(tally_.runs(tally_.rounds(), kRoundsPerPhase));  // online, Redis back

  // The fleet works through the store again: a change reaches both instances and Redis.
  cloud_.set_mode({cloudsim::Fault::kStatusFail});
  EXPECT_TRUE(converged_on("fail")) << "Redis holds " << redis_status();
  ASSERT_TRUE(tally_.runs(tally_.rounds(), kRoundsPerPhase));
  stop_load();

  RecordProperty("online_rounds", tally_.online_rounds());
  RecordProperty("offline_rounds", tally_.offline_rounds());
  EXPECT_EQ(tally_.wrong_count(), 0) << tally_.report();
  EXPECT_GT(tally_.online_rounds(), 0);
  EXPECT_GT(tally_.offline_rounds(), 0);
}

TEST_F(RedisChaosTest, AnOverrideSurvivesRedisRestartingEmpty) {
  ASSERT_TRUE(converged_on("success"));
  const Answer set =
      users_[0]->post("/admin/override", R"({"mode":"force-offline"})", "application/json",
                      {{"Authorization", "Bearer " + std::string(kToken)}});
  ASSERT_EQ(set.status, 200) << set.body;
  ASSERT_TRUE(both_reach(CaptchaMode::kOffline));
  std::atomic<int> transitions{0};
  for (auto& instance : instances_) {
    instance->keeper()->availability().add_transition_listener(
        [&transitions](const gt3::Transition&) { ++transitions; });
  }

  redis_.kill();
  ASSERT_TRUE(redis_.start());  // without the override key
  EXPECT_TRUE(redis_.comes_to_hold("gt3_bypass_override", "force-offline"));
  EXPECT_TRUE(poll_until([&] { return fleet_rejoined(); }));
  EXPECT_TRUE(redis_.comes_to_hold("gt_server_bypass_status", "success"));
  EXPECT_EQ(transitions, 0) << "an instance left force-offline while Redis was restarting";
  for (auto& user : users_) {
    EXPECT_EQ(user->get("/register").json().value("success", -1), 0);
    EXPECT_EQ(user->get("/bypass/status").json().value("override", ""), "force-offline");
  }
}

}  // namespace
}  // namespace gt3::service
