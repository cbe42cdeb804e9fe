// StatusRoutes' answers as a monitor or a browser receives them.
#include "service/status_routes.h"

#include <gtest/gtest.h>

#include "testing/route_support.h"

namespace gt3::service {
namespace {

using testing::answer_of;

class StatusRoutesTest : public ::testing::Test {
 protected:
  ServiceMetrics metrics_;
  // No keeper: failback mode, the simplest service that still has every status route.
  LiveSnapshot<LiveSettings> live_{LiveSettings{}};  // no admin token: /admin is disabled
  StatusRoutes routes_{nullptr, metrics_, live_, StatusInfo{"failback", "compat"}};
  http::Request get_;
};

TEST_F(StatusRoutesTest, BypassStatusIsNeverStored) {
  const http::Response answer = answer_of(routes_.status(get_));
  EXPECT_EQ(answer.status, 200);
  EXPECT_TRUE(answer.uncacheable);  // written as Cache-Control: no-store
}

TEST_F(StatusRoutesTest, HealthzIsNeverStored) {
  const http::Response answer = answer_of(routes_.healthz(get_));
  EXPECT_EQ(answer.status, 200);
  EXPECT_TRUE(answer.uncacheable);  // written as Cache-Control: no-store
}

TEST_F(StatusRoutesTest, MetricsAreNeverStored) {
  const http::Response answer = answer_of(routes_.metrics(get_));
  EXPECT_EQ(answer.status, 200);
  EXPECT_NE(answer.body.find("# TYPE"), std::string::npos);
  EXPECT_TRUE(answer.uncacheable);  // written as Cache-Control: no-store
}

TEST_F(StatusRoutesTest, FailbackMetricsHaveNoFleetGauges) {
  // failback keeps no status, so it has no fleet: a 0 would read as a store that is down.
  const http::Response answer = answer_of(routes_.metrics(get_));
  EXPECT_EQ(answer.body.find("\ngt3_fleet_store_reachable{"), std::string::npos) << answer.body;
  EXPECT_EQ(answer.body.find("\ngt3_fleet_leader{"), std::string::npos);
}

}  // namespace
}  // namespace gt3::service
