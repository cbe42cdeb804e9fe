#include "service/monitor_command.h"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "engine/status_keeper.h"
#include "service/command_config.h"
#include "service/config_flags.h"
#include "service/config_loader.h"
#include "service/logging.h"
#include "service/monitor.h"
#include "service/stop_signals.h"

namespace gt3::service {
namespace {

int run_monitor(const ServeConfigArgs& args) {
  StopSignals signals;  // before any thread
  auto loaded = config_or_exit(args.sources(), args.print_config);
  if (const int* exit_code = std::get_if<int>(&loaded)) return *exit_code;
  auto config = &std::get<ServiceConfig>(loaded);
  if (config->store.kind != StoreKind::kRedis) {
    std::cerr << "gt3-bypass monitor: store.kind = " << store_kind_name(config->store.kind)
              << ": the monitor writes the status to Redis; set store.kind = redis (and "
                 "store.redis_url)\n";
    return 2;
  }
  if (config->bypass.mode != BypassMode::kPoll) {
    std::cerr << "gt3-bypass monitor: bypass.mode = " << bypass_mode_name(config->bypass.mode)
              << ": the monitor is a poller; set bypass.mode = poll\n";
    return 2;
  }
  configure_logging(config->log);

  Monitor monitor(std::move(*config));
  if (auto started = monitor.start(); !started) {
    std::cerr << "gt3-bypass monitor: cannot listen on monitor.listen: " << started.error().detail
              << "\n";
    return 1;
  }
  const ServiceConfig& running = monitor.config();
  const auto redis = running.store.redis_options();
  spdlog::info("monitor: probing {} every {} ms; status to Redis {}:{} key {} (TTL {} ms)",
               running.geetest.bypass_url, running.bypass.checker.interval.count(), redis.url.host,
               redis.url.port, running.store.status_key,
               engine::StatusKeeper::status_ttl(running.bypass.checker).count());
  if (monitor.port() != 0) {
    const std::string host = running.monitor.listen.substr(0, running.monitor.listen.rfind(':'));
    spdlog::info("monitor: /healthz and /metrics on http://{}:{}",
                 host.empty() || host == "*" ? "127.0.0.1" : host, monitor.port());
  }

  const int number = signals.wait();
  spdlog::info("monitor: signal {}, stopping and releasing the lease", number);
  monitor.stop();
  return 0;
}

}  // namespace

Command add_monitor_command(CLI::App& program) {
  auto args = std::make_shared<ServeConfigArgs>();
  CLI::App* command = program.add_subcommand(
      "monitor", "Run only the availability poller, writing the status to Redis");
  add_serve_config_options(*command, *args, ConfigCommand::kMonitor);
  return {command, [args] { return run_monitor(*args); }};
}

}  // namespace gt3::service
