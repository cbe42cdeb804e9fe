// The pages of `serve` and `demo` (web/): GET / (the login page), GET /status (the status page),
// GET /static/<file> (the widget, the proof-of-work worker, styles), and GET /page/config, which
// tells the login page which widget to start for online challenges (GeeTest's gt.js against the
// real cloud, ours against the simulator), where the two scripts are, where our widget solves
// online puzzles, and whether the demo's control panel is there. The signal lives here, not in
// the /register answer, whose shape is GeeTest's. Files come from the copy built into the
// program, or from page.web_root when set (read once at start).
#pragma once

#include <functional>
#include <string>

#include "http/router.h"
#include "service/config.h"

namespace gt3::service {

// What the pages know of the process that serves them.
struct PageHost {
  bool demo = false;  // `gt3-bypass demo`: the login page shows the control panel
  // The base URL of the cloud simulator this process runs ("http://127.0.0.1:<port>"), empty when
  // it runs none. A separate `cloudsim` process is not known as one: set page.online_widget.
  std::string simulator_url;
};

// The widget of online challenges: page.online_widget, or for kAuto our widget exactly when
// geetest.api_url is the host's simulator (a trailing '/' aside), GeeTest's gt.js otherwise.
// Never kAuto.
OnlineWidget online_widget(const ServiceConfig& config, const PageHost& host);

// {"online_widget": "gt.js"|"gt3-widget", "gt_js_url": "...", "widget_url": "...",
//  "api_server": "...", "demo": true|false}
std::string page_config_json(const ServiceConfig& config, const PageHost& host);

// `wrap` wraps each handler (the service counts and logs them under route "page").
void add_page_routes(http::Router& router, const ServiceConfig& config, const PageHost& host,
                     const std::function<http::Handler(http::Handler)>& wrap);

}  // namespace gt3::service
