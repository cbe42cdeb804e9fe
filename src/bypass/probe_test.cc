#include "bypass/probe.h"

#include <gtest/gtest.h>

#include <optional>

#include "testing/manual_clock.h"
#include "testing/scripted_http_client.h"

namespace gt3::bypass {
namespace {

using gt3::testing::ScriptedHttpClient;

ProbeOutcome class_of(HttpOutcome outcome) { return classify_probe_answer(outcome).outcome; }

HttpOutcome answer(int status, std::string body) {
  return HttpResponse{status, "application/json;charset=UTF-8", std::move(body)};
}

TEST(ClassifyProbeAnswer, OnlyStatusSuccessIsSuccess) {
  EXPECT_EQ(class_of(answer(200, R"({"status": "success"})")), ProbeOutcome::kSuccess);
  EXPECT_EQ(class_of(answer(200, R"({"status": "fail"})")), ProbeOutcome::kFailStatus);
  EXPECT_EQ(class_of(answer(200, R"({"status": "SUCCESS"})")), ProbeOutcome::kFailStatus);
}

TEST(ClassifyProbeAnswer, AnHtmlPageIsABadBody) {
  EXPECT_EQ(class_of(answer(200, "<!doctype html><title>Search</title>")), ProbeOutcome::kBadBody);
}

TEST(ClassifyProbeAnswer, MissingOrWrongTypedStatusIsABadBody) {
  EXPECT_EQ(class_of(answer(200, R"({})")), ProbeOutcome::kBadBody);
  EXPECT_EQ(class_of(answer(200, R"({"status": true})")), ProbeOutcome::kBadBody);
  EXPECT_EQ(class_of(answer(200, R"(["success"])")), ProbeOutcome::kBadBody);
  EXPECT_EQ(class_of(answer(200, "")), ProbeOutcome::kBadBody);
}

TEST(ClassifyProbeAnswer, AnythingButHttp200IsAnHttpErrorWithItsCode) {
  const ProbeResult created = classify_probe_answer(answer(204, R"({"status": "success"})"));
  EXPECT_EQ(created.outcome, ProbeOutcome::kHttpError);
  EXPECT_EQ(created.http_status, 204);
  const ProbeResult failed =
      classify_probe_answer(ScriptedHttpClient::fail(Reason::kHttpStatus, 503));
  EXPECT_EQ(failed.outcome, ProbeOutcome::kHttpError);
  EXPECT_EQ(failed.http_status, 503);
}

TEST(ClassifyProbeAnswer, TransportFailuresKeepTheirClass) {
  EXPECT_EQ(class_of(ScriptedHttpClient::fail(Reason::kTimeout)), ProbeOutcome::kTimeout);
  EXPECT_EQ(class_of(ScriptedHttpClient::fail(Reason::kRefused)), ProbeOutcome::kRefused);
  EXPECT_EQ(class_of(ScriptedHttpClient::fail(Reason::kDns)), ProbeOutcome::kDns);
  EXPECT_EQ(class_of(ScriptedHttpClient::fail(Reason::kTls)), ProbeOutcome::kTls);
  EXPECT_EQ(class_of(ScriptedHttpClient::fail(Reason::kBadBody)), ProbeOutcome::kBadBody);
  EXPECT_EQ(class_of(ScriptedHttpClient::fail(Reason::kNetwork)), ProbeOutcome::kNetwork);
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
  EXPECT_EQ(result->outcome, ProbeOutcome::kTimeout);
  EXPECT_EQ(result->latency, std::chrono::milliseconds(250));
}

}  // namespace
}  // namespace gt3::bypass
