#include "bypass/probe.h"

#include <gtest/gtest.h>

#include <optional>
#include <string_view>
#include <utility>

#include "testing/manual_clock.h"
#include "testing/scripted_http_client.h"

namespace gt3::bypass {
namespace {

using gt3::testing::ScriptedHttpClient;

Reason class_of(HttpOutcome outcome) { return classify_probe_answer(outcome).reason; }

HttpOutcome answer(int status, std::string body) {
  return HttpResponse{status, "application/json;charset=UTF-8", std::move(body)};
}

TEST(ClassifyProbeAnswer, OnlyStatusSuccessIsSuccess) {
  EXPECT_EQ(class_of(answer(200, R"({"status": "success"})")), Reason::kOk);
  EXPECT_EQ(class_of(answer(200, R"({"status": "fail"})")), Reason::kCloudReportsFail);
  EXPECT_EQ(class_of(answer(200, R"({"status": "SUCCESS"})")), Reason::kCloudReportsFail);
}

TEST(ClassifyProbeAnswer, AnHtmlPageIsABadBody) {
  EXPECT_EQ(class_of(answer(200, "<!doctype html><title>Search</title>")), Reason::kBadBody);
}

TEST(ClassifyProbeAnswer, MissingOrWrongTypedStatusIsABadBody) {
  EXPECT_EQ(class_of(answer(200, R"({})")), Reason::kBadBody);
  EXPECT_EQ(class_of(answer(200, R"({"status": true})")), Reason::kBadBody);
  EXPECT_EQ(class_of(answer(200, R"(["success"])")), Reason::kBadBody);
  EXPECT_EQ(class_of(answer(200, "")), Reason::kBadBody);
}

TEST(ClassifyProbeAnswer, AnythingButHttp200IsAnHttpErrorWithItsCode) {
  const ProbeResult created = classify_probe_answer(answer(204, R"({"status": "success"})"));
  EXPECT_EQ(created.reason, Reason::kHttpStatus);
  EXPECT_EQ(created.http_status, 204);
  const ProbeResult failed =
      classify_probe_answer(ScriptedHttpClient::fail(Reason::kHttpStatus, 503));
  EXPECT_EQ(failed.reason, Reason::kHttpStatus);
  EXPECT_EQ(failed.http_status, 503);
}

TEST(ClassifyProbeAnswer, TransportFailuresKeepTheirClass) {
  EXPECT_EQ(class_of(ScriptedHttpClient::fail(Reason::kTimeout)), Reason::kTimeout);
  EXPECT_EQ(class_of(ScriptedHttpClient::fail(Reason::kRefused)), Reason::kRefused);
  EXPECT_EQ(class_of(ScriptedHttpClient::fail(Reason::kDns)), Reason::kDns);
  EXPECT_EQ(class_of(ScriptedHttpClient::fail(Reason::kTls)), Reason::kTls);
  EXPECT_EQ(class_of(ScriptedHttpClient::fail(Reason::kBadBody)), Reason::kBadBody);
  EXPECT_EQ(class_of(ScriptedHttpClient::fail(Reason::kNetwork)), Reason::kNetwork);
}

// A probe cut short by the client's shutdown stays within the probe's reasons.
TEST(ClassifyProbeAnswer, ACancelledCallIsANetworkFailure) {
  EXPECT_EQ(class_of(ScriptedHttpClient::fail(Reason::kCancelled)), Reason::kNetwork);
}

// The labels of metrics, /bypass/status and the probe command, as they were before probes
// carried a Reason.
TEST(ProbeLabel, MapsEachProbeReasonToItsStableLabel) {
  const std::pair<Reason, std::string_view> labels[] = {
      {Reason::kOk, "success"},
      {Reason::kCloudReportsFail, "fail_status"},
      {Reason::kHttpStatus, "http_error"},
      {Reason::kBadBody, "bad_body"},
      {Reason::kTimeout, "timeout"},
      {Reason::kRefused, "refused"},
      {Reason::kDns, "dns"},
      {Reason::kTls, "tls"},
      {Reason::kNetwork, "network"},
  };
  ASSERT_EQ(std::size(labels), kProbeReasons.size());
  for (std::size_t i = 0; i < kProbeReasons.size(); ++i) {
    EXPECT_EQ(kProbeReasons[i], labels[i].first) << i;
    EXPECT_EQ(probe_outcome_name(labels[i].first), labels[i].second)
        << reason_name(labels[i].first);
  }
}

TEST(ProbeLabel, AReasonNoProbeReportsIsNetwork) {
  EXPECT_EQ(probe_outcome_name(Reason::kCancelled), "network");
  EXPECT_EQ(probe_outcome_name(Reason::kNotJson), "network");
}

TEST(Probe, AsksTheAvailabilityUrlWithTheIdAndTheProbeDeadline) {
  ScriptedHttpClient http;
  http.answer_next(answer(200, R"({"status": "success"})"));
  Probe probe(
      {"http://127.0.0.1:9/v1/bypass_status.php", "1234567890", std::chrono::milliseconds(300)},
      http);
  std::optional<ProbeResult> result;
  probe.run([&](ProbeResult r) { result = r; });
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->ok());
  ASSERT_EQ(http.requests().size(), 1u);
  EXPECT_EQ(http.requests()[0].url, "http://127.0.0.1:9/v1/bypass_status.php?gt=1234567890");
  EXPECT_EQ(http.requests()[0].deadline, std::chrono::milliseconds(300));
}

TEST(Probe, AppendsTheIdToAUrlThatHasAQueryAlready) {
  ScriptedHttpClient http;
  http.answer_next(answer(200, R"({"status": "success"})"));
  Probe probe({"http://h/status?v=1", "a b", std::chrono::milliseconds(300)}, http);
  probe.run([](ProbeResult) {});
  EXPECT_EQ(http.requests()[0].url, "http://h/status?v=1&gt=a%20b");
}

TEST(Probe, MeasuresLatencyOnItsClock) {
  ScriptedHttpClient http;
  ManualClock clock;
  Probe probe({"http://h/s", "id", std::chrono::milliseconds(800)}, http, clock);
  std::optional<ProbeResult> result;
  probe.run([&](ProbeResult r) { result = r; });
  clock.advance(std::chrono::milliseconds(250));
  http.complete_held(ScriptedHttpClient::fail(Reason::kTimeout));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->reason, Reason::kTimeout);
  EXPECT_EQ(result->latency, std::chrono::milliseconds(250));
}

}  // namespace
}  // namespace gt3::bypass
