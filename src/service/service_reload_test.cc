// A running service reloading its configuration file, through the entry point SIGHUP uses
// (ConfigReloader): the live keys change for the requests that follow, anything else keeps the
// whole running configuration, and requests in flight are never disturbed (run under tsan too).
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "testing/reloadable_service.h"

namespace gt3::service {
namespace {

using namespace testing;

constexpr std::string_view kSecretA = "reload-secret-a-0123456789abcdef";
constexpr std::string_view kSecretB = "reload-secret-b-0123456789abcdef";
constexpr std::string_view kTokenA = "reload-admin-token-a-0123";
constexpr std::string_view kTokenB = "reload-admin-token-b-0123";
const std::string kApplied = R"(gt3_config_reloads_total{result="applied"})";
const std::string kRefused = R"(gt3_config_reloads_total{result="refused"})";

class ReloadTest : public ::testing::Test {
 protected:
  // Offline from the start (the cloud is down), so that /register hands out signed challenges.
  void SetUp() override { cloud_.set_mode({cloudsim::Fault::kDown}); }

  std::unique_ptr<ReloadableService> start(const std::string& file_text, Flags flags = {}) {
    return std::make_unique<ReloadableService>(cloud_, file_text, std::move(flags));
  }
  static Answer override_with(TestUser& user, std::string_view token) {
    return user.post("/admin/override", R"({"mode": "auto"})", "application/json",
                     {{"Authorization", "Bearer " + std::string(token)}});
  }

  TestCloud cloud_;
};

TEST_F(ReloadTest, ChangesTheOfflineSecretForTheNextChallenges) {
  auto node = start(offline_secrets_file(kSecretA));
  const std::string before = node->offline_challenge();
  node->rewrite(offline_secrets_file(kSecretB, {kSecretA}));
  const auto reloaded = node->reload();
  ASSERT_TRUE(reloaded) << reloaded.error().detail;
  EXPECT_EQ(*reloaded, (std::vector<std::string>{"offline.secret", "offline.previous_secrets"}));
  // Signed with A before: still passes. Signed now: with B, as a service that knows only B says.
  EXPECT_TRUE(succeeded(node->validate_offline(before)));
  const std::string after = node->offline_challenge();
  ReloadableService only_b(cloud_, offline_secrets_file(kSecretB));
  EXPECT_TRUE(succeeded(only_b.validate_offline(after)));
  EXPECT_EQ(node->metric_value(kApplied), 1);
  EXPECT_EQ(node->metric_value(kRefused), 0);
}

TEST_F(ReloadTest, AChallengeOfADroppedSecretIsForged) {
  auto node = start(offline_secrets_file(kSecretA));
  const std::string signed_with_a = node->offline_challenge();
  node->rewrite(offline_secrets_file(kSecretB));
  ASSERT_TRUE(node->reload());
  const Answer answer = node->validate_offline(signed_with_a);
  EXPECT_FALSE(succeeded(answer));
  EXPECT_EQ(answer.reason(), "challenge_forged");
}

TEST_F(ReloadTest, AReplayAcrossTheRotationIsStillRefused) {
  auto node = start(offline_secrets_file(kSecretA));
  const std::string challenge = node->offline_challenge();
  ASSERT_TRUE(succeeded(node->validate_offline(challenge)));
  node->rewrite(offline_secrets_file(kSecretB, {kSecretA}));
  ASSERT_TRUE(node->reload());
  const Answer replay = node->validate_offline(challenge);
  EXPECT_FALSE(succeeded(replay));
  EXPECT_EQ(replay.reason(), "challenge_replayed");
}

TEST_F(ReloadTest, AnInvalidFileIsRefusedAndTheRunningConfigurationKept) {
  auto node = start(offline_secrets_file(kSecretA) + "[server]\naccess_log = false\n");
  const std::string challenge = node->offline_challenge();
  node->rewrite(offline_secrets_file(kSecretB) + "[server\naccess_log = true\n");  // bad TOML
  const auto syntax = node->reload();
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().reason, Reason::kBadConfig);
  // A valid file with one bad value: nothing of it applies either, not even its good keys.
  node->rewrite(offline_secrets_file(kSecretB, {"too-short"}));
  const auto value = node->reload();
  ASSERT_FALSE(value);
  EXPECT_NE(value.error().detail.find("offline.previous_secrets = *** "), std::string::npos)
      << value.error().detail;
  EXPECT_EQ(value.error().detail.find("too-short"), std::string::npos);
  EXPECT_TRUE(succeeded(node->validate_offline(challenge)));  // still secret A
  EXPECT_TRUE(succeeded(node->validate_offline(node->offline_challenge())));
  EXPECT_EQ(node->metric_value(kRefused), 2);
  EXPECT_EQ(node->metric_value(kApplied), 0);
}

TEST_F(ReloadTest, AKeyThatNeedsARestartIsRefusedByNameWithTheLiveOnes) {
  auto node = start(offline_secrets_file(kSecretA) + "[server]\nmax_body_bytes = 65536\n");
  node->rewrite(offline_secrets_file(kSecretB, {kSecretA}) +
                "[server]\nmax_body_bytes = 4096\n[bypass]\nhealthy_threshold = 3\n");
  const auto refused = node->reload();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().detail.find("server.max_body_bytes, bypass.healthy_threshold change "
                                        "only with a restart"),
            0u)
      << refused.error().detail;
  // The live change that came with them did not apply: a challenge signed now is still A's.
  ReloadableService only_a(cloud_, offline_secrets_file(kSecretA));
  EXPECT_TRUE(succeeded(only_a.validate_offline(node->offline_challenge())));
  EXPECT_EQ(node->metric_value(kRefused), 1);
}

TEST_F(ReloadTest, ChangesTheAdminTokensLive) {
  const std::string secrets = offline_secrets_file(kSecretA);
  auto node = start(secrets + "[server]\nadmin_token = \"" + std::string(kTokenA) + "\"\n");
  EXPECT_EQ(override_with(node->user(), kTokenA).status, 200);
  EXPECT_EQ(override_with(node->user(), kTokenB).status, 401);
  node->rewrite(secrets + "[server]\nadmin_token = \"" + std::string(kTokenB) +
                "\"\nprevious_admin_tokens = [\"" + std::string(kTokenA) + "\"]\n");
  ASSERT_TRUE(node->reload());
  EXPECT_EQ(override_with(node->user(), kTokenB).status, 200);
  EXPECT_EQ(override_with(node->user(), kTokenA).status, 200);
  node->rewrite(secrets + "[server]\nadmin_token = \"" + std::string(kTokenB) + "\"\n");
  ASSERT_TRUE(node->reload());
  EXPECT_EQ(override_with(node->user(), kTokenA).status, 401);
  EXPECT_EQ(override_with(node->user(), kTokenB).status, 200);
}

TEST_F(ReloadTest, AFlagStillBeatsTheFileAfterAReload) {
  const std::string secrets = offline_secrets_file(kSecretA);
  auto node = start(secrets, {{"server.admin_token", std::string(kTokenA)}});
  node->rewrite(secrets + "[server]\nadmin_token = \"" + std::string(kTokenB) + "\"\n");
  const auto reloaded = node->reload();
  ASSERT_TRUE(reloaded) << reloaded.error().detail;
  EXPECT_TRUE(reloaded->empty());
  EXPECT_EQ(override_with(node->user(), kTokenA).status, 200);
  EXPECT_EQ(override_with(node->user(), kTokenB).status, 401);
}

TEST_F(ReloadTest, KeepsTheRandomSecretWhileNoneIsSet) {
  auto node = start("[server]\naccess_log = false\n");
  const std::string challenge = node->offline_challenge();
  node->rewrite("[server]\naccess_log = true\n");
  const auto reloaded = node->reload();
  ASSERT_TRUE(reloaded) << reloaded.error().detail;
  EXPECT_EQ(*reloaded, std::vector<std::string>{"server.access_log"});
  EXPECT_TRUE(succeeded(node->validate_offline(challenge)));
}

// Users register and validate on several connections while the file flips between two secrets,
// each set accepting both: no user may fail, whichever set each request meets.
TEST_F(ReloadTest, ReloadsUnderConcurrentRequestsLoseNoUser) {
  const std::string a_then_b = offline_secrets_file(kSecretA, {kSecretB});
  const std::string b_then_a = offline_secrets_file(kSecretB, {kSecretA});
  auto node = start(a_then_b);
  std::atomic<bool> done{false};
  std::atomic<int> passed{0}, failed{0};
  std::vector<std::thread> users;
  for (int i = 0; i < 3; ++i) {
    users.emplace_back([&] {
      TestUser user(node->service().port());
      while (!done.load()) {
        const std::string challenge = user.get("/register").json().value("challenge", "");
        const Answer answer = user.validate(challenge, "offline-validate", "offline|jordan");
        (succeeded(answer) ? passed : failed)++;
      }
    });
  }
  int reloads = 0, refused = 0;
  while (passed.load() < 150 && failed.load() == 0 && refused == 0) {
    node->rewrite(reloads % 2 == 0 ? b_then_a : a_then_b);
    if (!node->reload()) ++refused;
    ++reloads;
  }
  done = true;
  for (auto& user : users) user.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(refused, 0);
  EXPECT_GT(reloads, 1);
}

}  // namespace
}  // namespace gt3::service
