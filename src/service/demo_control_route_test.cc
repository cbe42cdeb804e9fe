// The demo's cloud control obeys its own page only: a JSON POST from the same origin.
#include "service/demo_control_route.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "testing/route_support.h"

namespace gt3::service {
namespace {

using testing::answer_of;

// What the demo page's fetch() sends, addressed to the demo at 127.0.0.1:8080.
http::Request own_page_post(std::string body = R"({"mode":"down"})") {
  http::Request request;
  request.method = http::Method::kPost;
  request.path = request.target = "/demo/cloud";
  request.headers = {{"Host", "127.0.0.1:8080"},
                     {"Origin", "http://127.0.0.1:8080"},
                     {"Sec-Fetch-Site", "same-origin"},
                     {"Content-Type", "application/json"}};
  request.body = std::move(body);
  return request;
}

void set_header(http::Request& request, std::string_view name, std::string value) {
  std::erase_if(request.headers, [&](const auto& header) { return header.first == name; });
  request.headers.emplace_back(std::string(name), std::move(value));
}

class DemoControlRouteTest : public ::testing::Test {
 protected:
  cloudsim::FaultMode cloud_mode() const { return cloud_.mode(cloudsim::Endpoint::kBypass); }
  std::string error_of(const http::Response& answer) const {
    return nlohmann::json::parse(answer.body).value("error", "");
  }

  boost::asio::io_context io_;  // never run: the simulator is not started, only its modes used
  cloudsim::CloudSimulator cloud_{io_, {}};
  DemoControlRoute route_{cloud_};
  const cloudsim::FaultMode up_{};
};

TEST_F(DemoControlRouteTest, OwnPageJsonPostSetsTheCloudsMode) {
  const http::Response answer = answer_of(route_.post(own_page_post()));
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(nlohmann::json::parse(answer.body)["mode"], "down");
  EXPECT_EQ(cloud_mode().fault, cloudsim::Fault::kDown);
}

TEST_F(DemoControlRouteTest, JsonPostWithoutOriginOrFetchMetadataIsObeyed) {
  // What curl and the process test send: no browser, so no cross-site page to fear.
  http::Request request = own_page_post();
  request.headers = {{"Host", "127.0.0.1:8080"}, {"Content-Type", "application/json"}};
  EXPECT_EQ(answer_of(route_.post(request)).status, 200);
  EXPECT_EQ(cloud_mode().fault, cloudsim::Fault::kDown);
}

TEST_F(DemoControlRouteTest, TextPlainPostIsRefusedWith415AndChangesNothing) {
  http::Request request = own_page_post();
  set_header(request, "Content-Type", "text/plain;charset=UTF-8");
  const http::Response answer = answer_of(route_.post(request));
  EXPECT_EQ(answer.status, 415);
  EXPECT_EQ(error_of(answer), "unsupported_media_type");
  EXPECT_NE(answer.body.find("application/json"), std::string::npos);
  EXPECT_EQ(cloud_mode(), up_);
}

TEST_F(DemoControlRouteTest, PostWithoutContentTypeIsRefusedWith415) {
  http::Request request = own_page_post();
  std::erase_if(request.headers, [](const auto& h) { return h.first == "Content-Type"; });
  EXPECT_EQ(answer_of(route_.post(request)).status, 415);
  EXPECT_EQ(cloud_mode(), up_);
}

TEST_F(DemoControlRouteTest, ForeignOriginIsRefusedWith403AndChangesNothing) {
  http::Request request = own_page_post();
  set_header(request, "Origin", "http://evil.example");
  const http::Response answer = answer_of(route_.post(request));
  EXPECT_EQ(answer.status, 403);
  EXPECT_EQ(error_of(answer), "cross_origin");
  EXPECT_EQ(cloud_mode(), up_);
}

TEST_F(DemoControlRouteTest, OriginOnAnotherPortOrSchemeIsForeign) {
  for (const char* origin : {"http://127.0.0.1:8081", "https://127.0.0.1:8080", "null"}) {
    http::Request request = own_page_post();
    set_header(request, "Origin", origin);
    EXPECT_EQ(answer_of(route_.post(request)).status, 403) << origin;
  }
  EXPECT_EQ(cloud_mode(), up_);
}

TEST_F(DemoControlRouteTest, OriginWithoutHostIsRefused) {
  http::Request request = own_page_post();
  std::erase_if(request.headers, [](const auto& h) { return h.first == "Host"; });
  EXPECT_EQ(answer_of(route_.post(request)).status, 403);
  EXPECT_EQ(cloud_mode(), up_);
}

TEST_F(DemoControlRouteTest, CrossSiteAndSameSiteFetchMetadataAreRefused) {
  for (const char* site : {"cross-site", "same-site"}) {
    http::Request request = own_page_post();
    set_header(request, "Sec-Fetch-Site", site);
    EXPECT_EQ(answer_of(route_.post(request)).status, 403) << site;
  }
  EXPECT_EQ(cloud_mode(), up_);
}

TEST_F(DemoControlRouteTest, UnknownModeIsA400NamingTheValidModes) {
  const http::Response answer = answer_of(route_.post(own_page_post(R"({"mode":"explode"})")));
  EXPECT_EQ(answer.status, 400);
  EXPECT_EQ(error_of(answer), "bad_mode");
  EXPECT_EQ(cloud_mode(), up_);
}

TEST_F(DemoControlRouteTest, EveryAnswerIsNeverStored) {
  http::Request text = own_page_post();
  set_header(text, "Content-Type", "text/plain");
  http::Request foreign = own_page_post();
  set_header(foreign, "Origin", "http://evil.example");
  // Each is written with "Cache-Control: no-store".
  EXPECT_TRUE(answer_of(route_.get(http::Request{})).uncacheable);
  EXPECT_TRUE(answer_of(route_.post(text)).uncacheable);
  EXPECT_TRUE(answer_of(route_.post(foreign)).uncacheable);
  EXPECT_TRUE(answer_of(route_.post(own_page_post())).uncacheable);
}

TEST_F(DemoControlRouteTest, GetTellsTheCloudsMode) {
  cloud_.set_mode(cloudsim::FaultMode{cloudsim::Fault::kHttp500, {}});
  const http::Response answer = answer_of(route_.get(http::Request{}));
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(nlohmann::json::parse(answer.body)["mode"], "http500");
}

}  // namespace
}  // namespace gt3::service
