// StatusKeeper's start-up decision: a poller serves on its first probe's result (or the fleet's
// fresh status in Redis), never on a guess. The io_context is never run here, so the only probe
// is the start-up one, answered by a scripted HTTP client on this thread.
#include "engine/status_keeper.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>

#include "testing/logger_made_first.h"
#include "testing/redis_server.h"
#include "testing/scripted_http_client.h"

namespace gt3::engine {
namespace {

using gt3::CloudStatus;
using gt3::testing::ScriptedHttpClient;

class StatusKeeperStartTest : public ::testing::Test {
 protected:
  StatusKeeper& keeper(bool instant = false, std::optional<bypass::RedisStoreOptions> redis = {}) {
    StatusKeeperSettings settings;
    settings.captcha_id = "0123456789abcdef0123456789abcdef";
    settings.bypass_url = "http://127.0.0.1:1/v1/bypass_status.php";
    settings.instant = instant;
    settings.checker.interval = std::chrono::milliseconds(1000);
    settings.checker.timeout = std::chrono::milliseconds(100);
    settings.redis = std::move(redis);
    keeper_ = std::make_unique<StatusKeeper>(io_, http_, std::move(settings));
    return *keeper_;
  }
  void TearDown() override {
    io_.stop();  // nothing runs it: the checker's stop() must not wait for it
    keeper_.reset();
  }
  std::string cause() const { return keeper_->availability().snapshot()->cause; }

  boost::asio::io_context io_;
  ScriptedHttpClient http_;
  std::unique_ptr<StatusKeeper> keeper_;
};

TEST_F(StatusKeeperStartTest, AFailedStartupProbeStartsOfflineDespiteTheThresholds) {
  http_.answer_next(ScriptedHttpClient::fail(Reason::kRefused));
  keeper().start();
  EXPECT_EQ(keeper_->availability().mode(), CaptchaMode::kOffline);
  EXPECT_EQ(cause(), "startup probe: refused");
  EXPECT_EQ(http_.requests().size(), 1u);
}

// The service was never online: its offline start is no switch (history, metrics, alerts).
TEST_F(StatusKeeperStartTest, AnOfflineStartRecordsNoTransition) {
  http_.answer_next(ScriptedHttpClient::fail(Reason::kRefused));
  keeper().start();
  EXPECT_EQ(keeper_->availability().mode(), CaptchaMode::kOffline);
  EXPECT_TRUE(keeper_->availability().history().empty());
}

TEST_F(StatusKeeperStartTest, ACloudSayingFailAtStartupStartsOffline) {
  http_.answer_next(ScriptedHttpClient::ok(R"({"status": "fail"})"));
  keeper().start();
  EXPECT_EQ(keeper_->availability().mode(), CaptchaMode::kOffline);
  EXPECT_EQ(cause(), "startup probe: fail_status");
}

TEST_F(StatusKeeperStartTest, ASuccessfulStartupProbeStartsOnline) {
  http_.answer_next(ScriptedHttpClient::ok(R"({"status": "success"})"));
  keeper().start();
  EXPECT_EQ(keeper_->availability().mode(), CaptchaMode::kOnline);
  EXPECT_EQ(cause(), "startup probe: success");
}

TEST_F(StatusKeeperStartTest, AStartupProbeThatNeverAnswersEndsAsATimeoutAndStartsOffline) {
  keeper().start();  // the request is held: start() must still return
  EXPECT_EQ(http_.held(), 1u);
  EXPECT_EQ(keeper_->availability().mode(), CaptchaMode::kOffline);
  EXPECT_EQ(cause(), "startup probe: timeout");
}

TEST_F(StatusKeeperStartTest, InstantModeDoesNotProbeAtStart) {
  keeper(/*instant=*/true).start();
  EXPECT_TRUE(http_.requests().empty());
  EXPECT_EQ(keeper_->availability().mode(), CaptchaMode::kOnline);
}

// A poller's mode is known without a callback: requests read it at once, as check() would say.
TEST_F(StatusKeeperStartTest, APollersModeIsReadAtOnceAsCheckWouldAnswerIt) {
  http_.answer_next(ScriptedHttpClient::fail(Reason::kRefused));
  keeper().start();
  std::optional<CaptchaMode> checked;
  keeper_->check([&](CaptchaMode mode) { checked = mode; });
  EXPECT_EQ(keeper_->mode_now(), CaptchaMode::kOffline);
  EXPECT_EQ(keeper_->mode_now(), checked);
}

// In instant mode only a check can decide: there is no mode to read at once.
TEST_F(StatusKeeperStartTest, InstantModeHasNoModeToReadWithoutACheck) {
  keeper(/*instant=*/true).start();
  EXPECT_EQ(keeper_->mode_now(), std::nullopt);
}

// Method 2 decides at the first request's check: a cloud found down then is set, not switched to.
TEST_F(StatusKeeperStartTest, InstantModesFirstCheckSetsTheStatusWithoutATransition) {
  keeper(/*instant=*/true).start();
  http_.answer_next(ScriptedHttpClient::fail(Reason::kRefused));
  std::optional<CaptchaMode> answer;
  keeper_->check([&](CaptchaMode mode) { answer = mode; });
  EXPECT_EQ(answer, CaptchaMode::kOffline);
  EXPECT_EQ(cause(), "first check: refused");
  EXPECT_TRUE(keeper_->availability().history().empty());
}

class StatusKeeperRedisStartTest : public StatusKeeperStartTest {
 protected:
  void SetUp() override { ASSERT_TRUE(redis_.start()); }
  bypass::RedisStoreOptions options() const {
    bypass::RedisStoreOptions options;
    options.url = redis_.url();
    return options;
  }
  void store_status(const char* value) {
    auto raw = testing::raw_connect(redis_.port());
    ASSERT_TRUE(raw);
    auto reply =
        testing::raw_command(raw.get(), "SET %s %s PX 60000", options().status_key.c_str(), value);
    ASSERT_TRUE(reply);
  }

  testing::RedisServer redis_;
};

TEST_F(StatusKeeperRedisStartTest, AFreshStatusInRedisIsUsedWithoutAProbe) {
  store_status("fail");
  keeper(false, options()).start();
  EXPECT_EQ(keeper_->availability().mode(), CaptchaMode::kOffline);
  EXPECT_EQ(keeper_->availability().snapshot()->cloud, CloudStatus::kFail);
  EXPECT_TRUE(http_.requests().empty());
}

// The cause operators read in /bypass/status (docs/fleets.md); the start is no transition.
TEST_F(StatusKeeperRedisStartTest, AStartOnTheFleetsStatusNamesTheStoreAndRecordsNoTransition) {
  store_status("fail");
  keeper(false, options()).start();
  EXPECT_EQ(cause(), "fleet store: fail, override auto");
  EXPECT_TRUE(keeper_->availability().history().empty());
}

TEST_F(StatusKeeperRedisStartTest, AStartOnTheFleetsSuccessNamesTheStoreToo) {
  store_status("success");
  keeper(false, options()).start();
  EXPECT_EQ(keeper_->availability().mode(), CaptchaMode::kOnline);
  EXPECT_EQ(cause(), "fleet store: success, override auto");
}

TEST_F(StatusKeeperRedisStartTest, WithoutAStatusInRedisTheStartupProbeDecides) {
  http_.answer_next(ScriptedHttpClient::fail(Reason::kTimeout));
  keeper(false, options()).start();
  EXPECT_EQ(keeper_->availability().mode(), CaptchaMode::kOffline);
  EXPECT_EQ(cause(), "startup probe: timeout");
  EXPECT_EQ(http_.requests().size(), 1u);
}

TEST_F(StatusKeeperRedisStartTest, WithRedisUnreachableTheStartupProbeDecides) {
  auto unreachable = options();
  redis_.stop();
  http_.answer_next(ScriptedHttpClient::fail(Reason::kRefused));
  keeper(false, unreachable).start();
  EXPECT_EQ(keeper_->availability().mode(), CaptchaMode::kOffline);
  EXPECT_EQ(cause(), "startup probe: refused");
}

}  // namespace
}  // namespace gt3::engine
