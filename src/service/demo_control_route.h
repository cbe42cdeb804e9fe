// DemoControlRoute: the demo page's control of the simulated cloud, on the demo's service port.
//
//   GET  /demo/cloud   {"mode": "<mode of the cloud>"}
//   POST /demo/cloud   {"mode": "down"} sets the whole cloud's mode; answers {"mode": "down"}
//
// The POST breaks the cloud for everyone using the demo, so only the demo's own page may send
// it: a page of another site could otherwise make a visitor's browser send it, since a "simple"
// cross-site POST (text/plain, form) needs no CORS preflight. Hence, before anything else:
//  - an Origin header, when present, must be "http://" + the Host header (403 cross_origin);
//  - Sec-Fetch-Site, when present, must not be "cross-site" or "same-site" (403 cross_origin);
//  - the Content-Type must be application/json (415 unsupported_media_type), which a browser
//    sends cross-site only after a preflight that this route never grants.
// Every answer carries "Cache-Control: no-store". Thread-safe (the simulator is); the simulator
// must outlive the route.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <vector>

#include "cloudsim/cloud_simulator.h"
#include "http/request.h"
#include "http/response.h"
#include "service/service.h"

namespace gt3::service {

class DemoControlRoute {
 public:
  explicit DemoControlRoute(cloudsim::CloudSimulator& cloud) : cloud_(cloud) {}

  boost::asio::awaitable<http::Response> get(const http::Request& request);
  boost::asio::awaitable<http::Response> post(const http::Request& request);

 private:
  cloudsim::CloudSimulator& cloud_;
};

// GET and POST /demo/cloud on `control`, as the Service's extra routes (counted and access-logged
// under route "demo"). `control` must outlive the service.
std::vector<ExtraRoute> demo_control_routes(DemoControlRoute& control);

// The refusal (403 or 415) of a state-changing request that its own page did not send, or
// nullopt when it may proceed. The rules are those listed above.
std::optional<http::Response> refuse_unless_own_page_json(const http::Request& request);

}  // namespace gt3::service
