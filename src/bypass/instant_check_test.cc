#include "bypass/instant_check.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "testing/manual_clock.h"
#include "testing/scripted_http_client.h"

namespace gt3::bypass {
namespace {

using gt3::testing::ScriptedHttpClient;
using std::chrono::milliseconds;

HttpOutcome status(std::string_view value) {
  return HttpResponse{200, "application/json", R"({"status": ")" + std::string(value) + R"("})"};
}

class InstantCheckTest : public ::testing::Test {
 protected:
  ScriptedHttpClient http_;
  ManualClock clock_;
  Availability availability_{{1, 1}, clock_};
  InstantCheck check_{
      std::make_shared<Probe>(ProbeTarget{"http://h/s", "id", milliseconds(800)}, http_, clock_),
      availability_, milliseconds(500), clock_};
};

TEST_F(InstantCheckTest, ConcurrentRequestsShareOneProbe) {
  std::vector<CaptchaMode> answers;
  for (int i = 0; i < 10; ++i) check_.check([&](CaptchaMode m) { answers.push_back(m); });
  EXPECT_EQ(http_.requests().size(), 1u);
  EXPECT_TRUE(answers.empty());
  http_.complete_held(status("fail"));
  EXPECT_EQ(answers, std::vector<CaptchaMode>(10, CaptchaMode::kOffline));
}

TEST_F(InstantCheckTest, AFreshAnswerIsReusedWithoutAProbe) {
  http_.answer_next(status("success"));
  check_.check([](CaptchaMode) {});
  clock_.advance(milliseconds(499));
  std::optional<CaptchaMode> answer;
  check_.check([&](CaptchaMode m) { answer = m; });
  EXPECT_EQ(answer, CaptchaMode::kOnline);
  EXPECT_EQ(http_.requests().size(), 1u);
}

TEST_F(InstantCheckTest, AnExpiredAnswerIsCheckedAgain) {
  http_.answer_next(status("success"));
  check_.check([](CaptchaMode) {});
  clock_.advance(milliseconds(500));
  http_.answer_next(ScriptedHttpClient::fail(Reason::kRefused));
  std::optional<CaptchaMode> answer;
  check_.check([&](CaptchaMode m) { answer = m; });
  EXPECT_EQ(answer, CaptchaMode::kOffline);
  EXPECT_EQ(http_.requests().size(), 2u);
}

TEST_F(InstantCheckTest, EveryFailureClassMeansOffline) {
  for (HttpOutcome bad : {status("fail"), ScriptedHttpClient::fail(Reason::kTimeout),
                          HttpOutcome(HttpResponse{200, "text/html", "<html></html>"}),
                          ScriptedHttpClient::fail(Reason::kHttpStatus, 500)}) {
    http_.answer_next(status("success"));
    check_.invalidate();
    check_.check([](CaptchaMode) {});
    http_.answer_next(bad);
    check_.invalidate();
    std::optional<CaptchaMode> answer;
    check_.check([&](CaptchaMode m) { answer = m; });
    EXPECT_EQ(answer, CaptchaMode::kOffline);
  }
}

// Nothing is served before the first check: "online" until then is a placeholder, so a first
// check that finds the cloud down sets offline without an online -> offline switch.
TEST_F(InstantCheckTest, TheFirstCheckSetsTheStatusWithoutATransition) {
  http_.answer_next(ScriptedHttpClient::fail(Reason::kRefused));
  std::optional<CaptchaMode> answer;
  check_.check([&](CaptchaMode m) { answer = m; });
  EXPECT_EQ(answer, CaptchaMode::kOffline);
  const auto snapshot = availability_.snapshot();
  EXPECT_EQ(snapshot->cause, "first check: refused");
  ASSERT_TRUE(snapshot->last_probe);
  EXPECT_EQ(snapshot->last_probe->reason, Reason::kRefused);
  EXPECT_TRUE(availability_.history().empty());
}

TEST_F(InstantCheckTest, ASwitchAfterTheFirstCheckIsRecorded) {
  http_.answer_next(ScriptedHttpClient::fail(Reason::kRefused));
  check_.check([](CaptchaMode) {});
  clock_.advance(milliseconds(500));
  http_.answer_next(status("success"));
  std::optional<CaptchaMode> answer;
  check_.check([&](CaptchaMode m) { answer = m; });
  EXPECT_EQ(answer, CaptchaMode::kOnline);
  const auto history = availability_.history();
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].from, CaptchaMode::kOffline);
  EXPECT_EQ(history[0].to, CaptchaMode::kOnline);
  EXPECT_EQ(history[0].at, clock_.wall_now());
}

TEST_F(InstantCheckTest, AFailureAfterAnOnlineFirstCheckIsRecorded) {
  http_.answer_next(status("success"));
  check_.check([](CaptchaMode) {});
  EXPECT_EQ(availability_.snapshot()->cause, "first check: success");
  check_.invalidate();
  http_.answer_next(status("fail"));
  check_.check([](CaptchaMode) {});
  const auto history = availability_.history();
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].from, CaptchaMode::kOnline);
  EXPECT_EQ(history[0].to, CaptchaMode::kOffline);
}

TEST(InstantCheck, AProbeThatAnswersAfterTheCheckIsGoneReachesOnlyItsWaiters) {
  ScriptedHttpClient http;
  ManualClock clock;
  auto availability = std::make_unique<Availability>(HealthThresholds{1, 1}, clock);
  auto check = std::make_unique<InstantCheck>(
      std::make_shared<Probe>(ProbeTarget{"http://h/s", "id", milliseconds(800)}, http, clock),
      *availability, milliseconds(500), clock);
  std::vector<CaptchaMode> answers;
  check->check([&](CaptchaMode m) { answers.push_back(m); });
  ASSERT_EQ(http.requests().size(), 1u);
  check.reset();
  availability.reset();
  http.complete_held(status("fail"));  // under ASan, a touch of the freed objects fails here
  EXPECT_EQ(answers, std::vector<CaptchaMode>{CaptchaMode::kOnline}) << "the last mode it saw";
}

}  // namespace
}  // namespace gt3::bypass
