// A cloud that flaps as fast as the service notices while 120 users register, think and validate:
// none of them is lost, whichever mode their challenge was issued and validated in.
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

#include "testing/service_support.h"

namespace gt3::service {
namespace {

using namespace testing;

// One user: register, solve (online: through the simulator, retried while it is down, as a
// widget retries; offline: the widget's own fields), think, validate. A person takes seconds to
// solve a captcha, longer than the service takes to notice an outage: an offline answer's user
// thinks at least until the service has been offline since the answer came (a condition, not a
// longer sleep), since a challenge handed out after one failed call passes only then.
bool one_user(TestUser& user, TestCloud& cloud, ModeWait& mode, std::mt19937& random) {
  const auto registered = user.get("/register").json();
  const Clock::WallTime answered = std::chrono::system_clock::now();
  const std::string challenge = registered.value("challenge", "");
  std::string validate = "offline-validate", seccode = "offline|jordan";
  if (registered.value("success", 0) == 1) {
    for (int attempt = 0; attempt < 200; ++attempt) {
      const Answer solved = user.solve(cloud, challenge);
      if (solved.status == 200) {
        validate = solved.json().value("geetest_validate", "");
        seccode = solved.json().value("geetest_seccode", "");
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the widget's retry pace
    }
  } else if (!mode.offline_since(answered)) {
    ADD_FAILURE() << "the service never went offline after an offline answer";
  }
  // The user's think time, not synchronisation.
  std::this_thread::sleep_for(
      std::chrono::milliseconds(std::uniform_int_distribution(0, 400)(random)));
  const Answer answer = user.validate(challenge, validate, seccode);
  if (!succeeded(answer)) ADD_FAILURE() << "lost a user: " << answer.body;
  return succeeded(answer);
}

// The cloud goes down, and comes back as soon as the service has noticed (it went offline), then
// goes down again as soon as the service is back online, over and over while the users come and
// go: outages as short as the service can see, paced by what it sees rather than by a clock, so
// that a loaded machine's slow probes cannot hide one. (An outage no probe sees can cost a user
// by design: a challenge handed out after one failed call passes only once the service has been
// offline since, which no client can provoke; one_user's think time covers the noticing.)
TEST(Flapping, ACloudFlappingAsFastAsTheServiceNoticesLosesNoneOf120Users) {
  TestCloud cloud;
  Service service(config_for(cloud));
  ASSERT_TRUE(service.start().has_value());
  ModeWait mode(service);
  std::atomic<bool> users_done{false};
  std::atomic<int> outages{0};
  std::thread flapper([&] {
    constexpr int kMostOutages = 200;  // bounded, whatever the users' pace
    while (!users_done && outages < kMostOutages) {
      cloud.set_mode(cloudsim::FaultMode{cloudsim::Fault::kDown});
      const bool noticed = mode.reaches(CaptchaMode::kOffline);
      cloud.set_mode(cloudsim::FaultMode{cloudsim::Fault::kUp});
      if (!noticed || !mode.reaches(CaptchaMode::kOnline)) {
        ADD_FAILURE() << "the service did not follow the cloud within the safety net";
        return;
      }
      ++outages;
    }
  });
  constexpr int kThreads = 6, kUsersPerThread = 20;
  std::atomic<int> succeeded_users{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      TestUser user(service.port());
      std::mt19937 random(t);
      for (int i = 0; i < kUsersPerThread; ++i) {
        succeeded_users += one_user(user, cloud, mode, random);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  users_done = true;
  flapper.join();
  EXPECT_EQ(succeeded_users.load(), kThreads * kUsersPerThread);
  EXPECT_GE(outages.load(), 2) << "the cloud did not flap the service while the users came";
  service.stop();
}

}  // namespace
}  // namespace gt3::service
