// The documented rotation of offline.secret across a fleet (docs/operations.md, "Rotate"): two
// instances behind one load balancer, rolled one at a time, each reloading its own file. At
// every moment of the roll a user may register on one instance and validate on the other, now
// or after the next instance has been rolled; no user may be lost. And why the roll has three
// steps: switching the signing secret in one step loses users.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "testing/reloadable_service.h"

namespace gt3::service {
namespace {

using namespace testing;

constexpr std::string_view kOld = "rotation-old-secret-0123456789ab";
constexpr std::string_view kNew = "rotation-new-secret-0123456789ab";

class FleetRotationTest : public ::testing::Test {
 protected:
  // Offline from the start (the cloud is down): /register hands out signed challenges.
  void SetUp() override {
    cloud_.set_mode({cloudsim::Fault::kDown});
    for (auto& node : nodes_) {
      node = std::make_unique<ReloadableService>(cloud_, offline_secrets_file(kOld));
    }
  }

  // One instance takes a new file, as an operator edits it and runs `systemctl reload`.
  void roll(int node, const std::string& file_text) {
    nodes_[node]->rewrite(file_text);
    const auto reloaded = nodes_[node]->reload();
    ASSERT_TRUE(reloaded) << reloaded.error().detail;
  }

  // The users of one moment: those who registered at the moment before validate now on the
  // other instance; new users register on each instance, and one of them validates there and
  // then on the other one while another waits for the next moment. Returns how many failed.
  int users_lost_now() {
    int lost = 0;
    const auto passes_on = [&](int node, const std::string& challenge) {
      const Answer answer = nodes_[node]->validate_offline(challenge);
      EXPECT_TRUE(succeeded(answer)) << "on instance " << node << ": " << answer.body;
      return succeeded(answer);
    };
    for (const auto& [issuer, challenge] : waiting_) lost += !passes_on(1 - issuer, challenge);
    waiting_.clear();
    for (int issuer = 0; issuer < 2; ++issuer) {
      lost += !passes_on(1 - issuer, nodes_[issuer]->offline_challenge());
      waiting_.emplace_back(issuer, nodes_[issuer]->offline_challenge());
    }
    return lost;
  }

  TestCloud cloud_;
  std::array<std::unique_ptr<ReloadableService>, 2> nodes_;
  std::vector<std::pair<int, std::string>> waiting_;  // (issuer, challenge)
};

TEST_F(FleetRotationTest, TheThreeStepRollLosesNoUserAtAnyMoment) {
  const std::string steps[] = {
      offline_secrets_file(kOld, {kNew}),  // 1. every instance accepts the new secret
      offline_secrets_file(kNew, {kOld}),  // 2. every instance signs with it
      offline_secrets_file(kNew),          // 3. offline.challenge_ttl_s later: the old one goes
  };
  EXPECT_EQ(users_lost_now(), 0) << "before the roll";
  for (int step = 0; step < 3; ++step) {
    for (int node = 0; node < 2; ++node) {
      roll(node, steps[step]);
      EXPECT_EQ(users_lost_now(), 0) << "step " << step + 1 << ", instance " << node << " rolled";
    }
  }
  // Step 3 waits for the lifetime because this is what it ends: a challenge the old secret
  // signed is refused from then on (here one signed just before, which in a real roll has long
  // expired by then).
  ReloadableService straggler(cloud_, offline_secrets_file(kOld));
  const Answer old = nodes_[0]->validate_offline(straggler.offline_challenge());
  EXPECT_EQ(old.reason(), "challenge_forged") << old.body;
}

TEST_F(FleetRotationTest, SwitchingTheSecretInOneStepLosesUsers) {
  EXPECT_EQ(users_lost_now(), 0);
  roll(0, offline_secrets_file(kNew, {kOld}));  // signs with a secret instance 1 does not know
  const Answer answer = nodes_[1]->validate_offline(nodes_[0]->offline_challenge());
  EXPECT_FALSE(succeeded(answer));
  EXPECT_EQ(answer.reason(), "challenge_forged");
}

}  // namespace
}  // namespace gt3::service
