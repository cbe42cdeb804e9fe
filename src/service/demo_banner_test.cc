// The demo's first line names each address where something listens, as a browser reaches it.
#include "service/demo_banner.h"

#include <gtest/gtest.h>

namespace gt3::service {
namespace {

TEST(DemoBanner, NamesThePageTheCloudAndTheControlApiWithItsPath) {
  EXPECT_EQ(demo_banner("127.0.0.1:0", 8080, 41365, 46565),
            "demo: open http://127.0.0.1:8080/ (simulated GeeTest cloud on "
            "http://127.0.0.1:41365, its control API on http://127.0.0.1:46565/__control); "
            "Ctrl-C stops");
}

TEST(LocalUrl, IsTheListenAddressWithTheBoundPort) {
  EXPECT_EQ(local_url("127.0.0.1:0", 40001), "http://127.0.0.1:40001/");
  EXPECT_EQ(local_url("[::1]:0", 40001), "http://[::1]:40001/");
  EXPECT_EQ(local_url("192.0.2.7:8080", 8080), "http://192.0.2.7:8080/");
  EXPECT_EQ(local_url("localhost:8080", 8080), "http://127.0.0.1:8080/");
}

TEST(LocalUrl, EveryAddressIsReachedOnTheLoopback) {
  EXPECT_EQ(local_url(":8080", 8080), "http://127.0.0.1:8080/");
  EXPECT_EQ(local_url("*:8080", 8080), "http://127.0.0.1:8080/");
  EXPECT_EQ(local_url("0.0.0.0:8080", 8080), "http://127.0.0.1:8080/");
}

}  // namespace
}  // namespace gt3::service
