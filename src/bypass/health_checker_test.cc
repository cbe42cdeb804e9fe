// The checker against the cloud simulator over loopback: GeeTest's own outage rehearsals
// (docs/protocol.md section 6), each followed by recovery, three times in a row.
#include "bypass/health_checker.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "cloudsim/cloud_simulator.h"
#include "gt3/asio_http_client.h"
#include "http/io_threads.h"

namespace gt3::bypass {
namespace {

using std::chrono::milliseconds;

constexpr std::string_view kId = "0123456789abcdef0123456789abcdef";
constexpr auto kSafetyNet = std::chrono::seconds(20);

TEST(CheckOptions, AcceptsTheDefaults) { EXPECT_EQ(check_options({}), std::nullopt); }

TEST(CheckOptions, NamesTheBadFieldAndTheRule) {
  CheckerOptions zero;
  zero.interval = milliseconds(0);
  ASSERT_TRUE(check_options(zero));
  EXPECT_EQ(check_options(zero)->field, CheckerField::kInterval);
  EXPECT_EQ(check_options(zero)->rule, "must be positive");
  CheckerOptions negative;
  negative.timeout = milliseconds(-5);
  EXPECT_EQ(check_options(negative)->field, CheckerField::kTimeout);
  CheckerOptions overlap;
  overlap.timeout = milliseconds(2000);
  EXPECT_EQ(check_options(overlap)->field, CheckerField::kTimeout);
  EXPECT_EQ(check_options(overlap)->rule,
            "must be below the probe interval (2000 ms), so that probes never overlap");
  CheckerOptions threshold;
  threshold.thresholds.unhealthy = 0;
  EXPECT_EQ(check_options(threshold)->field, CheckerField::kUnhealthyThreshold);
  threshold.thresholds = {1, -1};
  EXPECT_EQ(check_options(threshold)->field, CheckerField::kHealthyThreshold);
  CheckerOptions jitter;
  jitter.jitter = 1.0;
  EXPECT_EQ(check_options(jitter)->field, CheckerField::kJitter);
}

class HealthCheckerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cloudsim::CloudSimulatorOptions options;
    options.apps = {cloudsim::App{std::string(kId), Secret(std::string(32, 'f'))}};
    sim_ = std::make_unique<cloudsim::CloudSimulator>(io_.context(), options);
    ASSERT_TRUE(sim_->start().has_value());
    availability_.add_listener([this](const StatusSnapshot&) {
      std::lock_guard lock(mutex_);
      changed_.notify_all();
    });
    CheckerOptions checker;
    checker.interval = milliseconds(60);
    checker.timeout = milliseconds(50);
    checker_ =
        std::make_unique<HealthChecker>(io_.context(), probe_for(url()), availability_, checker);
    checker_->start();
  }

  void TearDown() override {
    checker_->stop();
    sim_->stop();
  }

  std::string url(std::string_view path = "/v1/bypass_status.php") const {
    return "http://127.0.0.1:" + std::to_string(sim_->cloud_port()) + std::string(path);
  }

  std::shared_ptr<const Probe> probe_for(std::string bypass_url, std::string_view id = kId) {
    return std::make_shared<Probe>(
        ProbeTarget{std::move(bypass_url), std::string(id), milliseconds(50)}, http_);
  }

  // Waits until the mode is `mode`; false after the safety net.
  bool reaches(CaptchaMode mode) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kSafetyNet, [&] { return availability_.mode() == mode; });
  }

  Reason last_reason() const { return availability_.snapshot()->last_probe->reason; }

  void set_mode(std::string_view mode) { sim_->set_mode(*cloudsim::FaultMode::parse(mode)); }

  http::IoThreads io_{2};
  AsioHttpClient http_{io_.context()};
  std::unique_ptr<cloudsim::CloudSimulator> sim_;
  Availability availability_{{2, 2}};
  std::unique_ptr<HealthChecker> checker_;
  std::mutex mutex_;
  std::condition_variable changed_;
};

// Each outage mode of the simulator: offline, then online when restored, three times.
class OutageRehearsal : public HealthCheckerTest,
                        public ::testing::WithParamInterface<const char*> {};

TEST_P(OutageRehearsal, GoesOfflineAndBackOnlineRepeatedly) {
  for (int round = 0; round < 3; ++round) {
    set_mode(GetParam());
    ASSERT_TRUE(reaches(CaptchaMode::kOffline)) << "round " << round;
    set_mode("up");
    ASSERT_TRUE(reaches(CaptchaMode::kOnline)) << "round " << round;
  }
  EXPECT_EQ(availability_.history().size(), 6u);
}

INSTANTIATE_TEST_SUITE_P(CloudFaults, OutageRehearsal,
                         ::testing::Values("down", "hang", "http500", "html", "status-fail"),
                         [](const auto& test) {
                           std::string name = test.param;
                           std::erase(name, '-');
                           return name;
                         });

TEST_F(HealthCheckerTest, NamesTheOutcomeOfEachFault) {
  const std::pair<const char*, Reason> cases[] = {
      {"down", Reason::kRefused},
      {"hang", Reason::kTimeout},
      {"http500", Reason::kHttpStatus},
      {"html", Reason::kBadBody},
      {"status-fail", Reason::kCloudReportsFail},
  };
  for (const auto& [mode, outcome] : cases) {
    set_mode(mode);
    ASSERT_TRUE(reaches(CaptchaMode::kOffline)) << mode;
    EXPECT_EQ(last_reason(), outcome) << mode;
    set_mode("up");
    ASSERT_TRUE(reaches(CaptchaMode::kOnline)) << mode;
  }
}

// Rehearsal 1: an invalid captcha id; restored by configuring the right one again.
TEST_F(HealthCheckerTest, AnInvalidCaptchaIdGoesOfflineUntilRestored) {
  for (int round = 0; round < 3; ++round) {
    checker_->set_probe(probe_for(url(), "1234567890"));
    ASSERT_TRUE(reaches(CaptchaMode::kOffline)) << round;
    EXPECT_EQ(last_reason(), Reason::kCloudReportsFail);
    checker_->set_probe(probe_for(url()));
    ASSERT_TRUE(reaches(CaptchaMode::kOnline)) << round;
  }
}

// Rehearsal 2: the availability URL points at something else that answers.
TEST_F(HealthCheckerTest, AWrongAvailabilityUrlGoesOfflineUntilRestored) {
  for (int round = 0; round < 3; ++round) {
    checker_->set_probe(probe_for(url("/somewhere/else")));
    ASSERT_TRUE(reaches(CaptchaMode::kOffline)) << round;
    EXPECT_EQ(last_reason(), Reason::kHttpStatus);
    checker_->set_probe(probe_for(url()));
    ASSERT_TRUE(reaches(CaptchaMode::kOnline)) << round;
  }
}

// Passive evidence counts while the checker rests; reactivated, it probes at once and the
// healthy cloud brings the status back. (That a resting checker sends no probe is shown by the
// fleet test, which counts each instance's requests.)
TEST_F(HealthCheckerTest, AReactivatedCheckerProbesAgainAndRecovers) {
  checker_->set_active(false);
  for (int i = 0; i < 100 && availability_.mode() == CaptchaMode::kOnline; ++i) {
    availability_.on_cloud_call(Reason::kRefused);
  }
  ASSERT_EQ(availability_.mode(), CaptchaMode::kOffline);
  checker_->set_active(true);
  EXPECT_TRUE(reaches(CaptchaMode::kOnline));
}

}  // namespace
}  // namespace gt3::bypass

namespace gt3::bypass {
namespace {

// With a period far longer than the test's safety net, only the edge interval can confirm the
// outage (two failed probes) and then the recovery (two successes) in time.
TEST(HealthCheckerEdge, ConfirmsAFlipAfterTheEdgeIntervalNotAWholePeriod) {
  http::IoThreads io(1);
  cloudsim::CloudSimulatorOptions sim_options;
  sim_options.apps = {cloudsim::App{std::string(kId), Secret(std::string(32, 'f'))}};
  sim_options.mode = {cloudsim::Fault::kStatusFail};
  cloudsim::CloudSimulator sim(io.context(), sim_options);
  ASSERT_TRUE(sim.start().has_value());
  AsioHttpClient http(io.context());
  Availability availability({2, 2});
  std::mutex mutex;
  std::condition_variable changed;
  availability.add_listener([&](const StatusSnapshot&) {
    std::lock_guard lock(mutex);
    changed.notify_all();
  });
  const auto reaches = [&](CaptchaMode mode) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, std::chrono::seconds(30),
                            [&] { return availability.mode() == mode; });
  };
  CheckerOptions options;
  options.interval = std::chrono::minutes(10);
  options.timeout = milliseconds(200);
  options.edge_interval = milliseconds(20);
  HealthChecker checker(
      io.context(),
      std::make_shared<Probe>(ProbeTarget{"http://127.0.0.1:" + std::to_string(sim.cloud_port()) +
                                              "/v1/bypass_status.php",
                                          std::string(kId), milliseconds(200)},
                              http),
      availability, options);
  checker.start();
  EXPECT_TRUE(reaches(CaptchaMode::kOffline));
  EXPECT_EQ(sim.counters().bypass, 2u);  // then the checker waits a whole period
  sim.set_mode({});
  checker.check_now();  // the first success starts the streak; its confirmation is on the edge
  EXPECT_TRUE(reaches(CaptchaMode::kOnline));
  EXPECT_EQ(sim.counters().bypass, 4u);
  checker.stop();
  http.shutdown();
  sim.stop();
}

}  // namespace
}  // namespace gt3::bypass
