// `gt3-bypass probe`: one availability check from the shell. Exit 0 = success, 1 = fail;
// prints the outcome class, the latency and why (--json for machines).
#pragma once

#include "service/command.h"

namespace gt3::service {

Command add_probe_command(CLI::App& program);

}  // namespace gt3::service
