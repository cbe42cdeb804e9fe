// What gt3_http_requests_total counts besides register and validate: the pages and static files
// under route "page", and the answers the service makes itself (the router's 404 and 405, the
// server's 413 and other limits) under route "other". Each request is read back from /metrics.
#include <gtest/gtest.h>

#include "testing/service_support.h"

namespace gt3::service {
namespace {

using namespace testing;

class RouteMetricsTest : public ServiceTest {
 protected:
  double requests(std::string_view route, int code) {
    return metric(user_->get("/metrics").body, "gt3_http_requests_total{code=\"" +
                                                   std::to_string(code) + "\",route=\"" +
                                                   std::string(route) + "\"}");
  }
};

TEST_F(RouteMetricsTest, AnUnknownPathCountsAsOther404) {
  start();
  EXPECT_EQ(user_->get("/no/such/thing").status, 404);
  EXPECT_EQ(requests("other", 404), 1);
}

TEST_F(RouteMetricsTest, AWrongMethodCountsAsOther405) {
  start();
  EXPECT_EQ(user_->get("/validate").status, 405);
  EXPECT_EQ(requests("other", 405), 1);
}

TEST_F(RouteMetricsTest, TheLoginPageCountsAsPage200) {
  start();
  EXPECT_EQ(user_->get("/").status, 200);
  EXPECT_EQ(requests("page", 200), 1);
}

TEST_F(RouteMetricsTest, AStaticFileCountsAsPageAndAMissingOneAsPage404) {
  start();
  EXPECT_EQ(user_->get("/static/gt3-widget.js").status, 200);
  EXPECT_EQ(user_->get("/static/no-such-file.js").status, 404);
  EXPECT_EQ(requests("page", 200), 1);
  EXPECT_EQ(requests("page", 404), 1);
  EXPECT_EQ(requests("other", 404), 0);
}

// Answered by the server before any route: the service still counts it.
TEST_F(RouteMetricsTest, ABodyOverTheLimitCountsAsOther413) {
  start({{"server.max_body_bytes", "1024"}});
  EXPECT_EQ(user_->post("/validate", std::string(4096, 'x')).status, 413);
  EXPECT_EQ(requests("other", 413), 1);
  EXPECT_EQ(requests("validate", 413), -1);  // absent: validate never answers 413 itself
}

}  // namespace
}  // namespace gt3::service
