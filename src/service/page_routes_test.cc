// What /page/config tells the login page: GeeTest's gt.js for online challenges unless the cloud
// is the simulator this process runs (or page.online_widget says otherwise), and where both
// scripts are.
#include "service/page_routes.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace gt3::service {
namespace {

constexpr std::string_view kSimulator = "http://127.0.0.1:40001";

ServiceConfig pointed_at(std::string_view api_url, OnlineWidget setting = OnlineWidget::kAuto) {
  ServiceConfig config;
  config.geetest.client.api_url = std::string(api_url);
  config.page.online_widget = setting;
  return config;
}

TEST(PageOnlineWidget, TheRealCloudGetsGtJs) {
  EXPECT_EQ(online_widget(pointed_at("http://api.geetest.com"), {}), OnlineWidget::kGtJs);
  EXPECT_EQ(online_widget(pointed_at("https://api.geetest.com"),
                          {.demo = true, .simulator_url = std::string(kSimulator)}),
            OnlineWidget::kGtJs);
}

TEST(PageOnlineWidget, TheDemosOwnSimulatorGetsOurWidget) {
  const PageHost demo{.demo = true, .simulator_url = std::string(kSimulator)};
  EXPECT_EQ(online_widget(pointed_at(kSimulator), demo), OnlineWidget::kGt3Widget);
  EXPECT_EQ(online_widget(pointed_at(std::string(kSimulator) + "/"), demo),
            OnlineWidget::kGt3Widget);
}

TEST(PageOnlineWidget, ACloudsimProcessIsNotKnownAsASimulator) {
  // serve pointed at a separate `gt3-bypass cloudsim`: nothing tells it the cloud is simulated.
  EXPECT_EQ(online_widget(pointed_at(kSimulator), {}), OnlineWidget::kGtJs);
  EXPECT_EQ(online_widget(pointed_at("http://127.0.0.1:40002"),
                          {.demo = true, .simulator_url = std::string(kSimulator)}),
            OnlineWidget::kGtJs);
}

TEST(PageOnlineWidget, TheSettingWinsOverTheGuess) {
  const PageHost demo{.demo = true, .simulator_url = std::string(kSimulator)};
  EXPECT_EQ(online_widget(pointed_at(kSimulator, OnlineWidget::kGtJs), demo), OnlineWidget::kGtJs);
  EXPECT_EQ(online_widget(pointed_at(kSimulator, OnlineWidget::kGt3Widget), {}),
            OnlineWidget::kGt3Widget);
}

TEST(PageConfigJson, NamesTheWidgetAndBothScripts) {
  ServiceConfig config = pointed_at("http://api.geetest.com");
  config.page.gt_js_url = "/static/gt.js";
  const auto json = nlohmann::json::parse(page_config_json(config, {}));
  EXPECT_EQ(json.at("online_widget"), "gt.js");
  EXPECT_EQ(json.at("gt_js_url"), "/static/gt.js");
  EXPECT_EQ(json.at("widget_url"), "/static/gt3-widget.js");
  EXPECT_EQ(json.at("api_server"), "http://api.geetest.com");
  EXPECT_EQ(json.at("demo"), false);
  EXPECT_EQ(json.size(), 5u);
}

TEST(PageConfigJson, TheDemoSaysSoAndKeepsOurWidget) {
  const auto json = nlohmann::json::parse(page_config_json(
      pointed_at(kSimulator), {.demo = true, .simulator_url = std::string(kSimulator)}));
  EXPECT_EQ(json.at("online_widget"), "gt3-widget");
  EXPECT_EQ(json.at("gt_js_url"), "https://static.geetest.com/static/js/gt.0.4.9.js");
  EXPECT_EQ(json.at("api_server"), std::string(kSimulator));
  EXPECT_EQ(json.at("demo"), true);
}

}  // namespace
}  // namespace gt3::service
