#include "service/demo_command.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cloudsim/cloud_simulator.h"
#include "http/io_threads.h"
#include "service/command_config.h"
#include "service/config_flags.h"
#include "service/config_loader.h"
#include "service/demo_banner.h"
#include "service/demo_control_route.h"
#include "service/logging.h"
#include "service/service.h"
#include "service/stop_signals.h"

namespace gt3::service {
namespace {

std::string cloud_url(const cloudsim::CloudSimulator& cloud) {
  return "http://127.0.0.1:" + std::to_string(cloud.cloud_port());
}

// The demo's own defaults: a faster probe, so that a switch shows within seconds. Every source
// (file, environment, flag) still beats them.
KeyValues demo_defaults() { return {{"bypass.interval_ms", "1000"}, {"bypass.timeout_ms", "500"}}; }

// What the demo sets itself: keys it does not read from any source (ConfigKey::read_by).
KeyValues demo_settings(const cloudsim::CloudSimulator& cloud) {
  const auto& app = cloud.apps().front();
  const std::string base = cloud_url(cloud);
  return {{"geetest.id", app.captcha_id},
          {"geetest.key", std::string(app.private_key.reveal())},
          {"geetest.api_url", base},
          {"geetest.bypass_url", base + "/v1/bypass_status.php"},
          {"store.kind", "memory"}};
}

int run_demo(const ServeConfigArgs& args) {
  StopSignals signals;  // before any thread
  http::IoThreads cloud_io(1);
  cloudsim::CloudSimulator cloud(cloud_io.context(), {});
  if (auto started = cloud.start(); !started) {
    std::cerr << "gt3-bypass demo: the cloud simulator cannot listen: " << started.error().detail
              << "\n";
    return 1;
  }
  ConfigSources sources = args.sources();
  for (auto& setting : demo_settings(cloud)) sources.command_values.push_back(std::move(setting));
  auto loaded = config_or_exit(sources, args.print_config);
  if (const int* exit_code = std::get_if<int>(&loaded)) return *exit_code;
  auto config = &std::get<ServiceConfig>(loaded);
  configure_logging(config->log);
  warn_about_defaults(*config);

  DemoControlRoute control(cloud);
  Service service(std::move(*config), demo_control_routes(control),
                  PageHost{.demo = true, .simulator_url = cloud_url(cloud)});
  if (auto started = service.start(); !started) {
    std::cerr << "gt3-bypass demo: cannot listen: " << started.error().detail << "\n";
    return 1;
  }
  log_start("demo", service);
  std::cout << demo_banner(service.config().server.listen, service.port(), cloud.cloud_port(),
                           cloud.control_port())
            << std::endl;

  signals.wait();
  service.stop();
  cloud.stop();
  cloud_io.stop();
  return 0;
}

}  // namespace

Command add_demo_command(CLI::App& program) {
  auto args = std::make_shared<ServeConfigArgs>();
  CLI::App* command = program.add_subcommand(
      "demo", "Run serve and the cloud simulator together, with a page to break the cloud");
  add_serve_config_options(*command, *args, ConfigCommand::kDemo, demo_defaults());
  return {command, [args] { return run_demo(*args); }};
}

}  // namespace gt3::service
