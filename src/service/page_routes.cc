#include "service/page_routes.h"

#include <nlohmann/json.hpp>

#include "http/static_files.h"
#include "service/web_files.h"

namespace gt3::service {
namespace {

std::string_view without_trailing_slashes(std::string_view url) {
  while (url.ends_with('/')) url.remove_suffix(1);
  return url;
}

}  // namespace

OnlineWidget online_widget(const ServiceConfig& config, const PageHost& host) {
  if (config.page.online_widget != OnlineWidget::kAuto) return config.page.online_widget;
  const bool on_simulator =
      !host.simulator_url.empty() && without_trailing_slashes(config.geetest.client.api_url) ==
                                         without_trailing_slashes(host.simulator_url);
  return on_simulator ? OnlineWidget::kGt3Widget : OnlineWidget::kGtJs;
}

std::string page_config_json(const ServiceConfig& config, const PageHost& host) {
  const std::string& api_server =
      config.page.api_server.empty() ? config.geetest.client.api_url : config.page.api_server;
  return nlohmann::json{{"online_widget", online_widget_name(online_widget(config, host))},
                        {"gt_js_url", config.page.gt_js_url},
                        {"widget_url", config.page.widget_url},
                        {"api_server", api_server},
                        {"demo", host.demo}}
      .dump();
}

void add_page_routes(http::Router& router, const ServiceConfig& config, const PageHost& host,
                     const std::function<http::Handler(http::Handler)>& wrap) {
  using http::Method;
  const bool from_disk = !config.page.web_root.empty();
  const auto one = [&](std::string file) {
    return wrap(from_disk ? http::static_file(config.page.web_root, std::move(file))
                          : http::static_file(web_files(), std::move(file)));
  };
  router.add(Method::kGet, "/", one("index.html"));
  router.add(Method::kGet, "/status", one("status.html"));
  router.add_prefix(Method::kGet, "/static/",
                    wrap(from_disk ? http::static_files(config.page.web_root, "/static/")
                                   : http::static_files(web_files(), "/static/")));
  router.add(Method::kGet, "/page/config",
             wrap([body = page_config_json(config, host)](
                      const http::Request&) -> boost::asio::awaitable<http::Response> {
               co_return http::Response::json(200, body).no_store();
             }));
}

}  // namespace gt3::service
