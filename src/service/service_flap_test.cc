// A cloud that flaps every few hundred milliseconds while 120 users register, think and validate:
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
// widget retries; offline: the widget's own fields), think, validate.
bool one_user(TestUser& user, TestCloud& cloud, std::mt19937& random) {
  const auto registered = user.get("/register").json();
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
  }
  // The user's think time, not synchronisation.
  std::this_thread::sleep_for(
      std::chrono::milliseconds(std::uniform_int_distribution(0, 400)(random)));
  const Answer answer = user.validate(challenge, validate, seccode);
  if (!succeeded(answer)) ADD_FAILURE() << "lost a user: " << answer.body;
  return succeeded(answer);
}

TEST(Flapping, ACloudFlappingEvery300MsLosesNoneOf120Users) {
  TestCloud cloud;
  Service service(config_for(cloud));
  ASSERT_TRUE(service.start().has_value());
  cloud.set_mode(*cloudsim::FaultMode::parse("flap:300"));
  constexpr int kThreads = 6, kUsersPerThread = 20;
  std::atomic<int> succeeded_users{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      TestUser user(service.port());
      std::mt19937 random(t);
      for (int i = 0; i < kUsersPerThread; ++i) succeeded_users += one_user(user, cloud, random);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(succeeded_users.load(), kThreads * kUsersPerThread);
  const auto status = TestUser(service.port()).get("/bypass/status").json();
  EXPECT_GE(status["transitions"].size(), 2u) << "the cloud did not flap the service at all";
  service.stop();
}

}  // namespace
}  // namespace gt3::service
