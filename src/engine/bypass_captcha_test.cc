// BypassCaptcha, the public facade, as an embedder uses it: bad options named by field, register
// and validate through a callback, co_await and a strand-bound handler, against the real
// simulator, online and (cloud down) offline, with an observer counting what happened.
#include "gt3/bypass_captcha.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <future>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "cloudsim/cloud_simulator.h"
#include "gt3/asio_http_client.h"
#include "http/io_threads.h"

namespace gt3 {
namespace {

namespace asio = boost::asio;
constexpr auto kSafetyNet = std::chrono::seconds(20);
constexpr std::string_view kSecret = "facade-test-offline-secret-0123456789";

// Counts what the facade reports; called from several threads.
class CountingObserver : public BypassObserver {
 public:
  void on_register(CaptchaMode mode) override { ++registers[static_cast<int>(mode)]; }
  void on_validate(CaptchaMode mode, bool success) override {
    if (success) ++passes[static_cast<int>(mode)];
  }
  void on_offline_rejection(Reason reason) override {
    std::lock_guard lock(mutex);
    rejections.push_back(reason);
  }
  void on_cloud_call(CloudCall, Reason reason, std::chrono::nanoseconds) override {
    if (reason == Reason::kOk) ++cloud_ok;
  }
  void on_probe(const ProbeResult&) override { ++probes; }

  std::atomic<int> registers[2]{0, 0};  // [CaptchaMode]
  std::atomic<int> passes[2]{0, 0};
  std::atomic<int> cloud_ok{0};
  std::atomic<int> probes{0};
  std::mutex mutex;
  std::vector<Reason> rejections;
};

class BypassCaptchaTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(sim_.start().has_value()); }
  void TearDown() override {
    http_.shutdown();
    sim_.stop();
  }

  BypassOptions options() const {
    BypassOptions o;
    const std::string base = "http://127.0.0.1:" + std::to_string(sim_.cloud_port());
    o.geetest.captcha_id = sim_.apps().front().captcha_id;
    o.geetest.private_key = sim_.apps().front().private_key;
    o.geetest.api_url = base;
    o.bypass_url = base + "/v1/bypass_status.php";
    o.probe.interval = std::chrono::milliseconds(200);
    o.probe.timeout = std::chrono::milliseconds(150);
    o.offline.secret = Secret(std::string(kSecret));
    return o;
  }

  // The three fields the simulator's puzzle gives for an online challenge.
  ValidateForm solve(const std::string& challenge) {
    HttpRequest request;
    request.url = "http://127.0.0.1:" + std::to_string(sim_.cloud_port()) +
                  "/sim/solve?gt=" + sim_.apps().front().captcha_id + "&challenge=" + challenge;
    request.deadline = std::chrono::seconds(10);
    std::promise<HttpOutcome> answer;
    http_.send(std::move(request), [&answer](HttpOutcome outcome) { answer.set_value(outcome); });
    auto future = answer.get_future();
    if (future.wait_for(kSafetyNet) != std::future_status::ready) return {};
    const auto outcome = future.get();
    if (!outcome) return {};
    const auto json = nlohmann::json::parse(outcome->body, nullptr, false);
    return ValidateForm{json.value("geetest_challenge", ""), json.value("geetest_validate", ""),
                        json.value("geetest_seccode", "")};
  }

  http::IoThreads cloud_io_{1};
  cloudsim::CloudSimulator sim_{cloud_io_.context(), {}};
  http::IoThreads io_{2};
  AsioHttpClient http_{cloud_io_.context()};
};

TEST_F(BypassCaptchaTest, TheConstructorRefusesBadOptionsNamingTheField) {
  auto bad = options();
  bad.offline.secret = Secret("");
  try {
    BypassCaptcha captcha(io_.context(), bad);
    FAIL() << "constructed with an empty offline secret";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("offline.secret"), std::string::npos) << e.what();
  }
}

TEST_F(BypassCaptchaTest, OnlineThroughACallbackThenCoAwait) {
  CountingObserver observer;
  BypassCaptcha captcha(io_.context(), options(), &observer);
  captcha.start();
  EXPECT_EQ(captcha.status()->mode, CaptchaMode::kOnline);

  std::promise<RegisterAnswer> registered;
  captcha.async_register(RegisterParams{}, [&](RegisterAnswer a) { registered.set_value(a); });
  auto register_future = registered.get_future();
  ASSERT_EQ(register_future.wait_for(kSafetyNet), std::future_status::ready);
  const RegisterAnswer answer = register_future.get();
  ASSERT_EQ(answer.status, 200) << answer.json;
  EXPECT_EQ(answer.result.mode, CaptchaMode::kOnline);

  const ValidateForm solved = solve(answer.result.challenge);
  ASSERT_FALSE(solved.validate.empty());
  auto verdict = asio::co_spawn(
      io_.context(),
      [&]() -> asio::awaitable<ValidateResult> {
        // Named, not temporaries: GCC 12 destroys a co_await expression's temporaries twice.
        const UserInfo user;
        const ClientAddress client{"192.0.2.7"};
        co_return co_await captcha.async_validate(solved, user, client, asio::use_awaitable);
      },
      asio::use_future);
  ASSERT_EQ(verdict.wait_for(kSafetyNet), std::future_status::ready);
  const ValidateResult result = verdict.get();
  EXPECT_TRUE(result.success) << reason_name(result.reason);
  EXPECT_EQ(result.mode, CaptchaMode::kOnline);

  EXPECT_EQ(observer.registers[static_cast<int>(CaptchaMode::kOnline)], 1);
  EXPECT_EQ(observer.passes[static_cast<int>(CaptchaMode::kOnline)], 1);
  EXPECT_EQ(observer.cloud_ok, 2);  // register.php and validate.php
  EXPECT_GE(observer.probes, 1);
  captcha.stop();
}

TEST_F(BypassCaptchaTest, OfflineWhileTheCloudIsDownSingleUseAndOverridable) {
  sim_.set_mode(cloudsim::FaultMode{cloudsim::Fault::kDown});
  CountingObserver observer;
  http::IoThreads single{1};  // so that the store's announcements run in order (below)
  BypassCaptcha captcha(single.context(), options(), &observer);
  captcha.start();  // the start-up probe fails: offline at once
  ASSERT_EQ(captcha.status()->mode, CaptchaMode::kOffline);

  auto registered = captcha.async_register(RegisterParams{}, asio::use_future);
  ASSERT_EQ(registered.wait_for(kSafetyNet), std::future_status::ready);
  const RegisterAnswer answer = registered.get();
  ASSERT_EQ(answer.result.mode, CaptchaMode::kOffline);

  // The handler runs on the executor it is bound to, not just any I/O thread.
  auto strand = asio::make_strand(single.context());
  const ValidateForm form{answer.result.challenge, "a", "a|jordan"};
  std::promise<std::pair<ValidateResult, bool>> first;
  captcha.async_validate(form, UserInfo{}, ClientAddress{"192.0.2.8"},
                         asio::bind_executor(strand, [&](ValidateResult r) {
                           first.set_value({r, strand.running_in_this_thread()});
                         }));
  auto first_future = first.get_future();
  ASSERT_EQ(first_future.wait_for(kSafetyNet), std::future_status::ready);
  const auto [accepted, on_strand] = first_future.get();
  EXPECT_TRUE(accepted.success) << reason_name(accepted.reason);
  EXPECT_EQ(accepted.mode, CaptchaMode::kOffline);
  EXPECT_TRUE(on_strand);

  auto replay = captcha.async_validate(form, UserInfo{}, ClientAddress{"192.0.2.8"},
                                       asio::use_future);
  ASSERT_EQ(replay.wait_for(kSafetyNet), std::future_status::ready);
  EXPECT_EQ(replay.get().reason, Reason::kChallengeReplayed);
  {
    std::lock_guard lock(observer.mutex);
    EXPECT_EQ(observer.rejections, std::vector<Reason>{Reason::kChallengeReplayed});
  }

  captcha.set_override(Override::kForceOnline);
  // Applied at once, and again when the store announces it; an announcement of an earlier write
  // may still be queued before it. On one I/O thread, a task posted now runs after both.
  std::promise<void> drained;
  asio::post(single.context(), [&drained] { drained.set_value(); });
  ASSERT_EQ(drained.get_future().wait_for(kSafetyNet), std::future_status::ready);
  EXPECT_EQ(captcha.status()->mode, CaptchaMode::kOnline);
  EXPECT_EQ(captcha.status()->override_mode, Override::kForceOnline);
  EXPECT_FALSE(captcha.history().empty());
  EXPECT_EQ(captcha.fleet().store, "memory");
  captcha.stop();
}

}  // namespace
}  // namespace gt3
