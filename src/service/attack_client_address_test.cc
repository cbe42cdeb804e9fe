// Attack suite, part 3: choosing one's rate-limit bucket. The offline rate limit keys on the
// address the request came from: the peer, or behind trusted proxies the right-most address of
// X-Forwarded-For (all its lines combined) that is not a proxy. A client must not pick its own
// bucket, nor drain a bucket that other clients share. Real service and simulator; in each test a
// legitimate client in the same run still passes.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "testing/service_support.h"

namespace gt3::service {
namespace {

using namespace testing;
using Headers = std::vector<std::pair<std::string, std::string>>;

class ClientAddressAttackTest : public ServiceTest {
 protected:
  // Offline, with 3 attempts per client and none coming back during the test.
  void start_offline(Flags more = {}) {
    Flags flags = {{"offline.rate_limit_per_minute", "1"}, {"offline.rate_limit_burst", "3"}};
    for (auto& flag : more) flags.push_back(std::move(flag));
    start(std::move(flags));
    cloud_.set_mode({cloudsim::Fault::kDown});
    ASSERT_TRUE(wait_->reaches(CaptchaMode::kOffline));
  }
  // A fresh offline challenge, validated with the given headers.
  Answer pass_offline(const Headers& headers) {
    const std::string challenge = user_->get("/register").json().value("challenge", "");
    return user_->post("/validate",
                       "geetest_challenge=" + challenge + "&geetest_validate=v&geetest_seccode=v",
                       "application/x-www-form-urlencoded", headers);
  }
  int passes(int attempts, const std::function<Headers(int)>& headers_of) {
    int passed = 0;
    for (int i = 0; i < attempts; ++i) passed += succeeded(pass_offline(headers_of(i))) ? 1 : 0;
    return passed;
  }
};

// Found: a proxy that appends its own X-Forwarded-For line (HAProxy, many CDNs) let the
// attacker's first line choose the bucket: 10 of 10 passed with a limit of 3.
TEST_F(ClientAddressAttackTest, AnAttackersOwnXForwardedForLineDoesNotChooseTheBucket) {
  start_offline({{"server.trusted_proxies", "127.0.0.1"}});
  const int passed = passes(10, [](int i) {
    return Headers{{"X-Forwarded-For", "203.0.113." + std::to_string(i)},  // the attacker's
                   {"X-Forwarded-For", "198.51.100.66"}};                  // the proxy's
  });
  EXPECT_EQ(passed, 3);
  EXPECT_TRUE(succeeded(pass_offline({{"X-Forwarded-For", "198.51.100.7"}})));
}

// Without trusted proxies, X-Forwarded-For is the client's own text: ignored.
TEST_F(ClientAddressAttackTest, XForwardedForFromAnUntrustedPeerIsIgnored) {
  start_offline();
  const int passed = passes(6, [](int i) {
    return Headers{{"X-Forwarded-For", "203.0.113." + std::to_string(i)}};
  });
  EXPECT_EQ(passed, 3);
}

// Found: a trusted peer without a usable chain was counted as the proxy itself, one bucket for
// every client behind it, which an attacker could drain for all. Now such a request is
// unattributed and passes nothing offline; clients the proxy names keep their own buckets.
TEST_F(ClientAddressAttackTest, ARequestThatNoTrustedProxyAttributesPassesNothingOffline) {
  start_offline({{"server.trusted_proxies", "127.0.0.1"}});
  for (const Headers& unusable :
       {Headers{}, Headers{{"X-Forwarded-For", "unknown"}}, Headers{{"X-Forwarded-For", ""}}}) {
    const Answer answer = pass_offline(unusable);
    EXPECT_EQ(answer.reason(), "client_unattributed") << answer.body;
    EXPECT_EQ(answer.body.find("127.0.0.1"), std::string::npos);  // the proxy's address: logged
  }
  const int passed = passes(3, [](int i) {
    return Headers{{"X-Forwarded-For", "198.51.100." + std::to_string(10 + i)}};
  });
  EXPECT_EQ(passed, 3);
}

// Found: one bucket per IPv6 /128, so a host with a /64 had 2^64 buckets.
TEST_F(ClientAddressAttackTest, IPv6AddressesInOneSlash64ShareABucket) {
  start_offline({{"server.trusted_proxies", "127.0.0.1"}});
  const int passed = passes(8, [](int i) {
    return Headers{{"X-Forwarded-For", "2001:db8:1:2::" + std::to_string(i + 1)}};
  });
  EXPECT_EQ(passed, 3);
  EXPECT_TRUE(succeeded(pass_offline({{"X-Forwarded-For", "2001:db8:1:3::1"}})));
}

}  // namespace
}  // namespace gt3::service
