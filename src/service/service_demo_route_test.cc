// The demo's control of the simulated cloud (/demo/cloud) counts in /metrics and the access log
// like every other route, under route "demo"; a plain serve has no such series.
#include <gtest/gtest.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "service/demo_control_route.h"
#include "service/logging.h"
#include "testing/service_support.h"

namespace gt3::service {
namespace {

using namespace testing;

// The lines logged, kept under the sink's own lock (the service's threads log while a test reads).
class LineSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::vector<std::string> lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    std::string line(formatted.data(), formatted.size());
    while (!line.empty() && line.back() == '\n') line.pop_back();
    lines_.push_back(std::move(line));
  }
  void flush_() override {}

 private:
  std::vector<std::string> lines_;
};

class DemoRouteTest : public ::testing::Test {
 protected:
  void start(Flags flags = {}) {
    service_ = std::make_unique<Service>(config_for(cloud_, std::move(flags)),
                                         demo_control_routes(control_),
                                         PageHost{.demo = true, .simulator_url = ""});
    ASSERT_TRUE(service_->start().has_value());
    user_ = std::make_unique<TestUser>(service_->port());
  }
  void TearDown() override {
    if (service_) service_->stop();
    configure_logging(LogSettings{});  // stderr again: the sink goes with the test
  }
  double requests(std::string_view route, int code) {
    return metric(user_->get("/metrics").body, "gt3_http_requests_total{code=\"" +
                                                   std::to_string(code) + "\",route=\"" +
                                                   std::string(route) + "\"}");
  }
  Answer post_mode(const std::string& body, const std::string& type = "application/json") {
    return user_->post("/demo/cloud", body, type);
  }

  TestCloud cloud_;
  DemoControlRoute control_{cloud_.sim()};
  std::unique_ptr<Service> service_;
  std::unique_ptr<TestUser> user_;
};

TEST_F(DemoRouteTest, ItsAnswersCountUnderRouteDemo) {
  start();
  EXPECT_EQ(user_->get("/demo/cloud").status, 200);
  EXPECT_EQ(post_mode(R"({"mode":"up"})").status, 200);
  EXPECT_EQ(post_mode(R"({"mode":"up"})", "text/plain").status, 415);
  EXPECT_EQ(post_mode(R"({"mode":"explode"})").status, 400);
  EXPECT_EQ(requests("demo", 200), 2);
  EXPECT_EQ(requests("demo", 415), 1);
  EXPECT_EQ(requests("demo", 400), 1);
  EXPECT_EQ(requests("other", 404), 0) << "the demo's routes are routes, not unknown paths";
  const std::string text = user_->get("/metrics").body;
  EXPECT_NE(text.find("gt3_request_duration_seconds_count{route=\"demo\"} 4"), std::string::npos)
      << text;
}

TEST_F(DemoRouteTest, ItsAnswersAreAccessLogged) {
  auto sink = std::make_shared<LineSink>();
  configure_logging(LogSettings{LogLevel::kInfo, LogFormat::kJson}, sink);
  start({{"server.access_log", "true"}, {"log.level", "info"}});
  ASSERT_EQ(post_mode(R"({"mode":"up"})").status, 200);
  std::vector<nlohmann::json> access;
  for (const std::string& line : sink->lines()) {
    const auto json = nlohmann::json::parse(line, nullptr, false);
    ASSERT_TRUE(json.is_object()) << line;
    if (json.value("component", "") == "access") access.push_back(json);
  }
  ASSERT_EQ(access.size(), 1u);
  EXPECT_EQ(access[0].value("route", ""), "demo");
  EXPECT_EQ(access[0].value("method", ""), "POST");
  EXPECT_EQ(access[0].value("path", ""), "/demo/cloud");
  EXPECT_EQ(access[0].value("code", 0), 200);
  EXPECT_EQ(access[0].value("peer", ""), "127.0.0.1");
}

TEST(ServeRouteMetrics, APlainServeHasNoDemoSeries) {
  TestCloud cloud;
  Service service(config_for(cloud));
  ASSERT_TRUE(service.start().has_value());
  TestUser user(service.port());
  const std::string text = user.get("/metrics").body;
  EXPECT_NE(text.find("route=\"register\""), std::string::npos);
  EXPECT_EQ(text.find("route=\"demo\""), std::string::npos);
  EXPECT_EQ(user.get("/demo/cloud").status, 404);
  service.stop();
}

}  // namespace
}  // namespace gt3::service
