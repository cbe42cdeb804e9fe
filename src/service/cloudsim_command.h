// `gt3-bypass cloudsim`: runs the GeeTest cloud simulator until SIGINT or SIGTERM.
#pragma once

#include "service/command.h"

namespace gt3::service {

Command add_cloudsim_command(CLI::App& program);

}  // namespace gt3::service
