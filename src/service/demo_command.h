// `gt3-bypass demo`: `serve` and `cloudsim` in one process (docs/design.md), memory store, short
// probe intervals, and a control panel that breaks and restores the simulated cloud so a person
// can watch the switch to offline and back. What the README's first command runs. It takes every
// flag of `serve`; the geetest.* keys always point at the in-process simulator.
#pragma once

#include "service/command.h"

namespace gt3::service {

Command add_demo_command(CLI::App& program);

}  // namespace gt3::service
