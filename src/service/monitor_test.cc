// `gt3-bypass monitor` with monitor.listen: a poller on a real Redis against the simulator,
// scraped over loopback HTTP on its own /healthz and /metrics.
#include "service/monitor.h"

#include <gtest/gtest.h>

#include "engine/status_keeper.h"
#include "testing/redis_server.h"
#include "testing/service_support.h"

namespace gt3::service {
namespace {

using namespace testing;

class MonitorTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(redis_.start()); }
  void TearDown() override {
    if (monitor_) monitor_->stop();
  }

  // A monitor of the simulator on the test Redis; `listen` is monitor.listen.
  Monitor& start(std::string listen = "127.0.0.1:0") {
    Flags flags = fleet_flags(redis_.port());
    flags.emplace_back("monitor.listen", std::move(listen));
    monitor_ = std::make_unique<Monitor>(config_for(cloud_, std::move(flags)));
    const auto started = monitor_->start();
    EXPECT_TRUE(started.has_value()) << started.error().detail;
    if (monitor_->port() != 0) user_ = std::make_unique<TestUser>(monitor_->port());
    return *monitor_;
  }

  // The leader writes the status after each change, once the metrics have heard of it: once
  // Redis holds it, this monitor polls and its /metrics counts the change.
  bool polls_and_wrote(const std::string& status) {
    return redis_.comes_to_hold("gt_server_bypass_status", status);
  }

  TestCloud cloud_;
  RedisServer redis_;
  std::unique_ptr<Monitor> monitor_;
  std::unique_ptr<TestUser> user_;
};

TEST_F(MonitorTest, HealthzSaysItPollsAndNamesTheLastProbe) {
  start();
  ASSERT_TRUE(polls_and_wrote("success"));
  const Answer health = user_->get("/healthz");
  ASSERT_EQ(health.status, 200) << health.body;
  const auto json = health.json();
  EXPECT_EQ(json.value("status", ""), "ok");
  EXPECT_EQ(json.value("polling", false), true) << health.body;
  EXPECT_EQ(json.value("leader", false), true) << health.body;
  EXPECT_EQ(json.value("store_reachable", false), true);
  EXPECT_EQ(json.value("mode", ""), "online");
  EXPECT_EQ(json["last_probe"].value("outcome", ""), "success") << health.body;
  bool no_store = false;
  for (const auto& [name, value] : health.headers) {
    no_store = no_store || (name == "Cache-Control" && value == "no-store");
  }
  EXPECT_TRUE(no_store);
}

TEST_F(MonitorTest, HealthzTellsAFailingCloudButStaysLive) {
  cloud_.set_mode({cloudsim::Fault::kStatusFail});
  start();
  ASSERT_TRUE(polls_and_wrote("fail"));
  const Answer health = user_->get("/healthz");
  EXPECT_EQ(health.status, 200) << "liveness: a cloud outage is no reason to restart a monitor";
  EXPECT_EQ(health.json().value("mode", ""), "offline");
  EXPECT_EQ(health.json()["last_probe"].value("outcome", ""), "fail_status") << health.body;
}

TEST_F(MonitorTest, MetricsExportThePollersSeriesAndNoCaptchaOnes) {
  start();
  ASSERT_TRUE(polls_and_wrote("success"));
  EXPECT_EQ(user_->get("/healthz").status, 200);
  EXPECT_EQ(user_->get("/no/such/thing").status, 404);
  const Answer scraped = user_->get("/metrics");
  ASSERT_EQ(scraped.status, 200);
  const std::string& text = scraped.body;
  EXPECT_GE(metric(text, "gt3_probes_total{outcome=\"success\"}"), 1) << text;
  EXPECT_EQ(metric(text, "gt3_mode"), 1);
  EXPECT_EQ(metric(text, "gt3_fleet_leader{store=\"redis\"}"), 1);
  EXPECT_EQ(metric(text, "gt3_fleet_store_reachable{store=\"redis\"}"), 1);
  EXPECT_EQ(metric(text, "gt3_fleet_probing_alone{store=\"redis\"}"), 0);
  EXPECT_EQ(metric(text, "gt3_http_requests_total{code=\"200\",route=\"healthz\"}"), 1);
  EXPECT_EQ(metric(text, "gt3_http_requests_total{code=\"404\",route=\"other\"}"), 1);
  EXPECT_NE(text.find("gt3_build_info{version="), std::string::npos);
  EXPECT_NE(text.find("gt3_transitions_total{"), std::string::npos);
  // A monitor answers no captcha: those series could never move, so there are none.
  for (const char* absent : {"gt3_captcha_requests_total", "gt3_cloud_calls_total",
                             "gt3_offline_rejections_total", "route=\"register\""}) {
    EXPECT_EQ(text.find(absent), std::string::npos) << absent;
  }
}

TEST_F(MonitorTest, AnOutageIsATransitionOnItsMetrics) {
  start();
  ASSERT_TRUE(polls_and_wrote("success"));
  cloud_.set_mode({cloudsim::Fault::kStatusFail});
  ASSERT_TRUE(polls_and_wrote("fail"));
  const std::string text = user_->get("/metrics").body;
  EXPECT_EQ(metric(text, "gt3_transitions_total{from=\"online\",to=\"offline\"}"), 1) << text;
  EXPECT_EQ(metric(text, "gt3_mode"), 0);
}

TEST_F(MonitorTest, WithoutMonitorListenNothingListens) {
  start("");
  EXPECT_EQ(monitor_->port(), 0);
  EXPECT_TRUE(polls_and_wrote("success")) << "it still polls";
}

TEST_F(MonitorTest, AnAddressThatCannotBeBoundIsAnError) {
  Flags flags = fleet_flags(redis_.port());
  flags.emplace_back("monitor.listen", "192.0.2.1:80");  // TEST-NET-1: not this machine's
  Monitor monitor(config_for(cloud_, std::move(flags)));
  EXPECT_FALSE(monitor.start().has_value());
  monitor.stop();
}

}  // namespace
}  // namespace gt3::service
