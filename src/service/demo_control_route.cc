#include "service/demo_control_route.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <string>

namespace gt3::service {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

http::Response cross_origin(std::string_view why) {
  return http::Response::error(
      403, "cross_origin",
      std::string(why) +
          "; the demo's cloud control obeys only the demo's own page: open the demo at the "
          "address it printed and use its buttons");
}

}  // namespace

std::optional<http::Response> refuse_unless_own_page_json(const http::Request& request) {
  const std::string_view origin = request.header("Origin");
  const std::string_view host = request.header("Host");
  if (!origin.empty() && (host.empty() || origin != "http://" + std::string(host))) {
    return cross_origin("the request came from the page of another origin");
  }
  const std::string_view site = request.header("Sec-Fetch-Site");
  if (site == "cross-site" || site == "same-site") {
    return cross_origin("the browser says the request came from another site");
  }
  if (request.content_type() != "application/json") {
    return http::Response::error(
        415, "unsupported_media_type",
        R"(send the mode as JSON with "Content-Type: application/json", e.g. {"mode": "down"})");
  }
  return std::nullopt;
}

std::vector<ExtraRoute> demo_control_routes(DemoControlRoute& control) {
  std::vector<ExtraRoute> routes;
  routes.push_back({http::Method::kGet, "/demo/cloud",
                    [&control](const http::Request& request) { return control.get(request); }});
  routes.push_back({http::Method::kPost, "/demo/cloud",
                    [&control](const http::Request& request) { return control.post(request); }});
  return routes;
}

awaitable<http::Response> DemoControlRoute::get(const http::Request&) {
  co_return http::Response::json(
      200, json{{"mode", cloud_.mode(cloudsim::Endpoint::kBypass).name()}}.dump())
      .no_store();
}

awaitable<http::Response> DemoControlRoute::post(const http::Request& request) {
  if (auto refusal = refuse_unless_own_page_json(request)) co_return std::move(*refusal).no_store();
  const json body = json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.contains("mode") || !body["mode"].is_string()) {
    co_return http::Response::error(
        400, "bad_mode",
        R"(send a JSON body {"mode": "<mode>"}; modes: )" + std::string(cloudsim::kValidModes))
        .no_store();
  }
  auto mode = cloudsim::FaultMode::parse(body["mode"].get<std::string>());
  if (!mode) co_return http::Response::error(400, "bad_mode", mode.error()).no_store();
  cloud_.set_mode(*mode);
  spdlog::info("demo: the simulated cloud is now {}", mode->name());
  co_return http::Response::json(200, json{{"mode", mode->name()}}.dump()).no_store();
}

}  // namespace gt3::service
