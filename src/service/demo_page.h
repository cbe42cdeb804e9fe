// The demo's page until the widget of the web issue lands: it shows the register answer and the
// status, and holds the buttons that break and restore the simulated cloud.
#pragma once

#include "http/response.h"

namespace gt3::service {

http::Response demo_page();

}  // namespace gt3::service
