// `gt3-bypass monitor`: only the availability poller, writing the status to Redis for fleets
// whose app servers read the key themselves (the official demos' layout, docs/protocol.md
// section 2).
// It reads the same configuration as `serve` (store.kind must be redis, bypass.mode poll); several
// monitors may run: the fleet lease lets one poll at a time, and another takes over when it dies.
// With monitor.listen it also serves /healthz and /metrics there (service/monitor.h).
// Exit codes: 0 after SIGINT/SIGTERM (the lease is released), 1 when monitor.listen cannot be
// bound, 2 for a bad configuration.
#pragma once

#include "service/command.h"

namespace gt3::service {

Command add_monitor_command(CLI::App& program);

}  // namespace gt3::service
