// The pages of `serve` and `demo` (web/): GET / (the login page), GET /status (the status page),
// GET /static/<file> (the widget, the proof-of-work worker, styles), and GET /page/config, which
// tells the login page which widget script to load, where our widget solves online puzzles, and
// whether the demo's control panel is there. Files come from the copy built into the program, or
// from page.web_root when set (read once at start).
#pragma once

#include <functional>
#include <string>

#include "http/router.h"
#include "service/config.h"

namespace gt3::service {

// {"widget_url": "...", "api_server": "...", "demo": true|false}
std::string page_config_json(const ServiceConfig& config, bool demo);

// `wrap` wraps each handler (the service counts and logs them under route "page").
void add_page_routes(http::Router& router, const ServiceConfig& config, bool demo,
                     const std::function<http::Handler(http::Handler)>& wrap);

}  // namespace gt3::service
