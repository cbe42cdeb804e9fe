#include "service/serve_command.h"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "service/command_config.h"
#include "service/config_flags.h"
#include "service/config_loader.h"
#include "service/config_reloader.h"
#include "service/fd_limit.h"
#include "service/logging.h"
#include "service/service.h"
#include "service/stop_signals.h"

namespace gt3::service {
namespace {

// One descriptor per client connection: raise the soft limit if server.max_connections needs it,
// lower server.max_connections if even the hard limit is too low, and say so.
void fit_connections_to_descriptors(ServiceConfig& config) {
  const std::size_t wanted = config.server.max_connections;
  const FdLimitChange change = fit_fd_budget(wanted);
  if (change.soft_after > change.soft_before) {
    spdlog::info("serve: raised the open-file limit from {} to {} for server.max_connections = {}",
                 change.soft_before, change.soft_after, wanted);
  }
  if (change.max_connections < wanted) {
    spdlog::warn(
        "serve: server.max_connections = {} does not fit the open-file limit ({}, hard {}); "
        "serving at most {} connections. Raise the limit (ulimit -n, systemd LimitNOFILE=) or "
        "lower server.max_connections",
        wanted, change.soft_after, change.hard, change.max_connections);
  }
  config.server.max_connections = change.max_connections;
}

int run_serve(const ServeConfigArgs& args) {
  StopSignals signals(StopSignals::Hangup::kTake);  // before any thread; SIGHUP reloads
  auto loaded = config_or_exit(args.sources(), args.print_config);
  if (const int* exit_code = std::get_if<int>(&loaded)) return *exit_code;
  auto config = &std::get<ServiceConfig>(loaded);
  configure_logging(config->log);
  warn_about_defaults(*config);
  fit_connections_to_descriptors(*config);

  Service service(std::move(*config));
  if (auto started = service.start(); !started) {
    std::cerr << "gt3-bypass serve: cannot listen: " << started.error().detail << "\n";
    return 1;
  }
  log_start("serve", service);
  ConfigReloader reloader(args.sources(), service, fit_connections_to_descriptors);
  const int number = signals.wait([&reloader] { reloader.reload(); });
  spdlog::info("serve: signal {}, stopping (in-flight requests get up to {} ms)", number,
               service.config().server.shutdown_grace.count());
  service.stop();
  spdlog::info("serve: stopped");
  return 0;
}

}  // namespace

Command add_serve_command(CLI::App& program) {
  auto args = std::make_shared<ServeConfigArgs>();
  CLI::App* command = program.add_subcommand(
      "serve", "Run the HTTP service: /register, /validate, status, metrics and admin");
  add_serve_config_options(*command, *args, ConfigCommand::kServe);
  return {command, [args] { return run_serve(*args); }};
}

}  // namespace gt3::service
