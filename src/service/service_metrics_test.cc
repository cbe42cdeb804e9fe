#include "service/service_metrics.h"

#include <gtest/gtest.h>

#include "gt3/bypass_captcha.h"

namespace gt3::service {
namespace {

using std::chrono::milliseconds;

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

TEST(ServiceMetrics, CountsRequestsByRouteAndCodeIncludingRareCodes) {
  ServiceMetrics metrics;
  metrics.request(Route::kRegister, 200, milliseconds(1));
  metrics.request(Route::kRegister, 200, milliseconds(1));
  metrics.request(Route::kValidate, 418, milliseconds(1));
  const std::string text = metrics.render();
  EXPECT_TRUE(has_line(text, R"(gt3_http_requests_total{code="200",route="register"} 2)")) << text;
  EXPECT_TRUE(has_line(text, R"(gt3_http_requests_total{code="418",route="validate"} 1)"));
  EXPECT_TRUE(has_line(text, R"(gt3_request_duration_seconds_count{route="register"} 2)"));
}

TEST(ServiceMetrics, CountsCaptchaResultsCloudCallsProbesTransitionsAndRejections) {
  ServiceMetrics metrics;
  metrics.captcha(Route::kValidate, CaptchaMode::kOffline, false);
  metrics.cloud_call(CloudCall::kRegister, Reason::kTimeout, milliseconds(800));
  gt3::ProbeResult probe;
  probe.reason = Reason::kRefused;
  metrics.probe(probe);
  metrics.transition({{}, CaptchaMode::kOnline, CaptchaMode::kOffline, "test"});
  metrics.offline_rejection(Reason::kChallengeReplayed);
  metrics.cloud_call(CloudCall::kValidate, Reason::kRequestRefused, milliseconds(2));
  metrics.offline_rejection(Reason::kChallengeProvisional);
  metrics.offline_rejection(Reason::kClientUnattributed);
  metrics.mode(CaptchaMode::kOffline);
  const std::string text = metrics.render();
  EXPECT_TRUE(has_line(
      text, R"(gt3_captcha_requests_total{mode="offline",result="fail",route="validate"} 1)"));
  EXPECT_TRUE(has_line(text, R"(gt3_cloud_calls_total{call="register",reason="timeout"} 1)"));
  EXPECT_TRUE(has_line(text, R"(gt3_probes_total{outcome="refused"} 1)"));
  EXPECT_TRUE(has_line(text, R"(gt3_transitions_total{from="online",to="offline"} 1)"));
  EXPECT_TRUE(has_line(text, R"(gt3_offline_rejections_total{reason="challenge_replayed"} 1)"));
  EXPECT_TRUE(
      has_line(text, R"(gt3_cloud_calls_total{call="validate",reason="request_refused"} 1)"));
  EXPECT_TRUE(has_line(text, R"(gt3_offline_rejections_total{reason="challenge_provisional"} 1)"));
  EXPECT_TRUE(has_line(text, R"(gt3_offline_rejections_total{reason="client_unattributed"} 1)"));
  EXPECT_TRUE(has_line(text, "gt3_mode 0"));
  EXPECT_NE(text.find("# TYPE gt3_cloud_call_duration_seconds histogram"), std::string::npos);
}

// A register that hands out no challenge (400, 502) is no captcha answer: a register "fail"
// series could never move, and a dashboard would read its 0 as "no failures".
TEST(ServiceMetrics, NoRegisterFailSeriesIsExported) {
  const std::string text = ServiceMetrics().render();
  EXPECT_EQ(text.find(R"(result="fail",route="register")"), std::string::npos) << text;
  EXPECT_TRUE(has_line(
      text, R"(gt3_captcha_requests_total{mode="offline",result="success",route="register"} 0)"));
}

// Only codes a route answers are pre-created: /healthz never answers 415.
TEST(ServiceMetrics, PreCreatesOnlyTheCodesARouteAnswers) {
  const std::string text = ServiceMetrics().render();
  EXPECT_TRUE(has_line(text, R"(gt3_http_requests_total{code="200",route="healthz"} 0)")) << text;
  EXPECT_EQ(text.find(R"(gt3_http_requests_total{code="415",route="healthz"})"), std::string::npos);
  EXPECT_TRUE(has_line(text, R"(gt3_http_requests_total{code="413",route="other"} 0)"));
  EXPECT_EQ(text.find(R"(gt3_http_requests_total{code="200",route="other"})"), std::string::npos);
  EXPECT_TRUE(has_line(text, R"(gt3_http_requests_total{code="502",route="register"} 0)"));
}

TEST(ServiceMetrics, FleetGaugesAreAbsentUntilAFleetViewIsSet) {
  // Absent, not 0: a 0 would read as a lost lease or a store that is down.
  const std::string text = ServiceMetrics().render();
  EXPECT_EQ(text.find("gt3_fleet_"), std::string::npos) << text;
}

TEST(ServiceMetrics, FleetGaugesFollowTheLatestViewLabelledWithTheStore) {
  ServiceMetrics metrics;
  metrics.fleet(FleetView{"redis", true, true, false});
  std::string text = metrics.render();
  EXPECT_TRUE(has_line(text, R"(gt3_fleet_leader{store="redis"} 1)")) << text;
  EXPECT_TRUE(has_line(text, R"(gt3_fleet_store_reachable{store="redis"} 1)"));
  EXPECT_TRUE(has_line(text, R"(gt3_fleet_probing_alone{store="redis"} 0)"));

  // Redis went away: the lease is lost and the instance probes by itself.
  metrics.fleet(FleetView{"redis", false, false, true});
  text = metrics.render();
  EXPECT_TRUE(has_line(text, R"(gt3_fleet_leader{store="redis"} 0)")) << text;
  EXPECT_TRUE(has_line(text, R"(gt3_fleet_store_reachable{store="redis"} 0)"));
  EXPECT_TRUE(has_line(text, R"(gt3_fleet_probing_alone{store="redis"} 1)"));
}

// Route "demo" exists in the demo only: in serve it could never move.
TEST(ServiceMetrics, TheDemosRouteIsCreatedInTheDemoOnly) {
  EXPECT_EQ(ServiceMetrics().render().find(R"(route="demo")"), std::string::npos);
  const std::string demo = ServiceMetrics(MetricsScope::kDemo).render();
  EXPECT_TRUE(has_line(demo, R"(gt3_http_requests_total{code="403",route="demo"} 0)")) << demo;
  EXPECT_TRUE(has_line(demo, R"(gt3_request_duration_seconds_count{route="demo"} 0)"));
  EXPECT_TRUE(has_line(demo, R"(gt3_http_requests_total{code="200",route="register"} 0)"));
}

// A monitor answers no captcha and serves /healthz and /metrics only.
TEST(ServiceMetrics, AMonitorExportsThePollersSeriesOnly) {
  ServiceMetrics metrics(MetricsScope::kMonitor);
  metrics.on_cloud_call(CloudCall::kRegister, Reason::kTimeout, milliseconds(1));  // ignored
  metrics.on_validate(CaptchaMode::kOnline, true);                                 // ignored
  const std::string text = metrics.render();
  for (const char* absent :
       {"gt3_captcha_requests_total", "gt3_cloud_calls_total", "gt3_cloud_call_duration_seconds",
        "gt3_offline_rejections_total", R"(route="register")", R"(route="page")"}) {
    EXPECT_EQ(text.find(absent), std::string::npos) << absent << "\n" << text;
  }
  for (const char* present :
       {R"(gt3_http_requests_total{code="200",route="healthz"} 0)",
        R"(gt3_http_requests_total{code="200",route="metrics"} 0)",
        R"(gt3_http_requests_total{code="404",route="other"} 0)",
        R"(gt3_probes_total{outcome="success"} 0)",
        R"(gt3_transitions_total{from="online",to="offline"} 0)", "gt3_mode 1"}) {
    EXPECT_TRUE(has_line(text, present)) << present << "\n" << text;
  }
}

TEST(ServiceMetrics, ARouteOutsideTheScopeIsStillCountedWhenItAnswers) {
  ServiceMetrics metrics(MetricsScope::kMonitor);
  metrics.request(Route::kRegister, 200, milliseconds(1));
  const std::string text = metrics.render();
  EXPECT_TRUE(has_line(text, R"(gt3_http_requests_total{code="200",route="register"} 1)")) << text;
  EXPECT_TRUE(has_line(text, R"(gt3_request_duration_seconds_count{route="register"} 1)"));
}

}  // namespace
}  // namespace gt3::service
