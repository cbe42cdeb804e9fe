// What the service tells about itself: /bypass/status, /healthz, /metrics, and the admin
// override with its bearer token.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "testing/service_support.h"
#include "service/status_routes.h"

namespace gt3::service {
namespace {

using namespace testing;

constexpr std::string_view kToken = "admin-token-0123456789";

TEST(BearerMatches, OnlyTheExactTokenWithTheBearerScheme) {
  const Secret token{std::string(kToken)};
  EXPECT_TRUE(bearer_matches("Bearer " + std::string(kToken), token));
  EXPECT_FALSE(bearer_matches("Bearer " + std::string(kToken) + "x", token));
  EXPECT_FALSE(bearer_matches("Basic " + std::string(kToken), token));
  EXPECT_FALSE(bearer_matches("", token));
  EXPECT_FALSE(bearer_matches("Bearer ", Secret{}));
}

class StatusTest : public ServiceTest {
 protected:
  Answer override_with(std::string_view mode, std::string_view token) {
    return user_->post("/admin/override", R"({"mode": ")" + std::string(mode) + R"("})",
                       "application/json", {{"Authorization", "Bearer " + std::string(token)}});
  }
};

TEST_F(StatusTest, StatusShowsTheSnapshotAndTransitionsButNoSecret) {
  start({{"server.admin_token", std::string(kToken)}});
  cloud_.set_mode({cloudsim::Fault::kStatusFail});
  ASSERT_TRUE(wait_->reaches(CaptchaMode::kOffline));
  const Answer status = user_->get("/bypass/status");
  ASSERT_EQ(status.status, 200);
  const auto json = status.json();
  EXPECT_EQ(json.value("mode", ""), "offline");
  EXPECT_EQ(json.value("cloud", ""), "fail");
  EXPECT_EQ(json.value("override", ""), "auto");
  EXPECT_EQ(json.value("bypass_mode", ""), "poll");
  EXPECT_EQ(json.value("started_at", "").size(), 24u);  // 2026-11-21T22:18:49.034Z
  EXPECT_EQ(json["last_probe"].value("outcome", ""), "fail_status");
  ASSERT_FALSE(json["transitions"].empty());
  EXPECT_EQ(json["transitions"].back().value("to", ""), "offline");
  EXPECT_EQ(json["fleet"].value("store", ""), "memory");
  for (std::string_view secret :
       {std::string_view(cloud_.app().private_key.reveal()), kOfflineSecret, kToken}) {
    EXPECT_EQ(status.body.find(secret), std::string::npos);
  }
}

TEST_F(StatusTest, HealthzAnswersWhateverTheCloudDoes) {
  start();
  cloud_.set_mode({cloudsim::Fault::kHang});
  ASSERT_TRUE(wait_->reaches(CaptchaMode::kOffline));
  EXPECT_EQ(user_->get("/healthz").status, 200);
}

TEST_F(StatusTest, AdminIsA404WithoutAToken) {
  start();
  const Answer disabled = override_with("force-offline", kToken);
  EXPECT_EQ(disabled.status, 404) << disabled.body;
}

TEST_F(StatusTest, AdminOverrideNeedsTheTokenAndSwitchesTheMode) {
  start({{"server.admin_token", std::string(kToken)}});
  ASSERT_TRUE(wait_->reaches(CaptchaMode::kOnline));
  const Answer wrong = override_with("force-offline", "not-the-token-at-all");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body.find(kToken), std::string::npos);
  EXPECT_EQ(override_with("explode", kToken).status, 400);
  EXPECT_EQ(override_with("force-offline", kToken).status, 200);
  ASSERT_TRUE(wait_->reaches(CaptchaMode::kOffline));
  EXPECT_EQ(user_->get("/register").json().value("success", -1), 0);
  EXPECT_EQ(user_->get("/bypass/status").json().value("override", ""), "force-offline");
  EXPECT_EQ(override_with("auto", kToken).status, 200);
  ASSERT_TRUE(wait_->reaches(CaptchaMode::kOnline));
  EXPECT_EQ(user_->get("/register").json().value("success", -1), 1);
}

TEST_F(StatusTest, MetricsCountRequestsProbesAndTransitions) {
  start();
  ASSERT_EQ(user_->get("/register").status, 200);
  cloud_.set_mode({cloudsim::Fault::kDown});
  ASSERT_TRUE(wait_->reaches(CaptchaMode::kOffline));
  const Answer metrics = user_->get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  const std::string& text = metrics.body;
  EXPECT_NE(text.find(R"(gt3_http_requests_total{code="200",route="register"} 1)"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find(R"(gt3_captcha_requests_total{mode="online",result="success",route="register"} 1)"),
      std::string::npos);
  EXPECT_NE(text.find(R"(gt3_transitions_total{from="online",to="offline"} 1)"), std::string::npos);
  EXPECT_NE(text.find(R"(gt3_probes_total{outcome="refused"})"), std::string::npos);
  EXPECT_NE(text.find("gt3_mode 0"), std::string::npos);
}

TEST_F(StatusTest, MetricsShowTheFleetAsStatusDoes) {
  start();
  ASSERT_TRUE(wait_->reaches(CaptchaMode::kOnline));
  // The memory store is a fleet of one: its instance holds the lease and never probes alone.
  const std::string text = user_->get("/metrics").body;
  EXPECT_NE(text.find("\ngt3_fleet_leader{store=\"memory\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\ngt3_fleet_store_reachable{store=\"memory\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("\ngt3_fleet_probing_alone{store=\"memory\"} 0\n"), std::string::npos);
}

}  // namespace
}  // namespace gt3::service

namespace gt3::service {
namespace {

using namespace testing;

TEST(Pages, TheLoginPageAndItsConfigAreServedFromTheBuiltInCopy) {
  TestCloud cloud;
  Service service(config_for(cloud));
  ASSERT_TRUE(service.start().has_value());
  TestUser user(service.port());
  const Answer page = user.get("/");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<html"), std::string::npos);
  const auto config = user.get("/page/config").json();
  EXPECT_EQ(config.value("online_widget", ""), "gt.js");  // serve knows no simulator
  EXPECT_EQ(config.value("widget_url", ""), "/static/gt3-widget.js");
  EXPECT_EQ(config.value("api_server", ""), cloud.base_url());
  EXPECT_EQ(config.value("demo", true), false);
  EXPECT_EQ(user.get("/static/no-such-file.js").status, 404);
  EXPECT_EQ(user.get("/static/../index.html").status, 404);
  service.stop();
}

TEST(Pages, AWebRootServesItsOwnFiles) {
  const auto root = std::filesystem::temp_directory_path() / "gt3_pages_test_web";
  std::filesystem::create_directories(root);
  std::ofstream(root / "index.html") << "<p>from disk</p>";
  std::ofstream(root / "app.js") << "console.log(1)";
  TestCloud cloud;
  Service service(config_for(cloud, {{"page.web_root", root.string()},
                                     {"page.widget_url", "https://static.example/gt.js"}}));
  ASSERT_TRUE(service.start().has_value());
  TestUser user(service.port());
  EXPECT_EQ(user.get("/").body, "<p>from disk</p>");
  EXPECT_EQ(user.get("/static/app.js").body, "console.log(1)");
  EXPECT_EQ(user.get("/page/config").json().value("widget_url", ""),
            "https://static.example/gt.js");
  service.stop();
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace gt3::service
