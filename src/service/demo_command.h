// `gt3-bypass demo`: `serve` and `cloudsim` in one process (docs/design.md), memory store, short
// probe intervals, and a control panel that breaks and restores the simulated cloud so a person
// can watch the switch to offline and back. What the README's first command runs. It takes the
// flags of `serve` except the keys it sets itself (ConfigKey::read_by): geetest.id, key, api_url
// and bypass_url always point at the in-process simulator, and the store is always memory.
#pragma once

#include "service/command.h"

namespace gt3::service {

Command add_demo_command(CLI::App& program);

}  // namespace gt3::service
