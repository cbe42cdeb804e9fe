// `gt3-bypass serve`: the HTTP service (docs/design.md section 5) from its configuration
// (section 7).
// Exit codes: 0 after SIGINT/SIGTERM, 1 when it cannot start (an address in use), 2 for a bad
// configuration (the message names the key and the value). SIGHUP reloads the configuration
// (config_reloader.h): the live keys change, or nothing does and the log says why.
#pragma once

#include "service/command.h"

namespace gt3::service {

Command add_serve_command(CLI::App& program);

}  // namespace gt3::service
