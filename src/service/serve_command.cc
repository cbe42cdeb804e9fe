#include "service/serve_command.h"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "service/command_config.h"
#include "service/config_flags.h"
#include "service/config_loader.h"
#include "service/logging.h"
#include "service/service.h"
#include "service/stop_signals.h"

namespace gt3::service {
namespace {

int run_serve(const ServeConfigArgs& args) {
  StopSignals signals;  // before any thread
  auto loaded = config_or_exit("serve", args.sources(), args.print_config);
  if (const int* exit_code = std::get_if<int>(&loaded)) return *exit_code;
  auto config = &std::get<ServiceConfig>(loaded);
  configure_logging(config->log.level);
  warn_about_defaults(*config);

  Service service(std::move(*config));
  if (auto started = service.start(); !started) {
    std::cerr << "gt3-bypass serve: cannot listen: " << started.error().detail << "\n";
    return 1;
  }
  log_start("serve", service);
  const int number = signals.wait();
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
  add_serve_config_options(*command, *args);
  return {command, [args] { return run_serve(*args); }};
}

}  // namespace gt3::service
