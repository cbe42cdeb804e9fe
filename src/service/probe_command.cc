#include "service/probe_command.h"

#include <CLI/CLI.hpp>
#include <future>
#include <iostream>
#include <nlohmann/json.hpp>

#include "bypass/probe.h"
#include "gt3/asio_http_client.h"
#include "http/io_threads.h"

namespace gt3::service {
namespace {

struct ProbeArgs {
  std::string captcha_id;
  std::string bypass_url{"http://bypass.geetest.com/v1/bypass_status.php"};
  int timeout_ms = 800;
  bool json = false;
};

int run_probe(const ProbeArgs& args) {
  if (args.timeout_ms <= 0) {
    std::cerr << "gt3-bypass probe: --bypass.timeout_ms = " << args.timeout_ms
              << " must be positive\n";
    return 2;
  }
  http::IoThreads io(1);
  AsioHttpClient http(io.context());
  bypass::Probe probe(
      {args.bypass_url, args.captcha_id, std::chrono::milliseconds(args.timeout_ms)}, http);
  std::promise<gt3::ProbeResult> promise;
  probe.run([&promise](gt3::ProbeResult r) { promise.set_value(std::move(r)); });
  // The probe's own deadline ends it; this wait cannot outlast it by more than a shutdown.
  const gt3::ProbeResult result = promise.get_future().get();
  http.shutdown();

  if (args.json) {
    nlohmann::json out{{"outcome", gt3::probe_outcome_name(result.reason)},
                       {"ok", result.ok()},
                       {"latency_ms", result.latency.count()},
                       {"detail", result.detail}};
    if (result.http_status != 0) out["http_status"] = result.http_status;
    std::cout << out.dump() << "\n";
  } else {
    std::cout << gt3::probe_outcome_name(result.reason) << " in " << result.latency.count()
              << " ms";
    if (!result.detail.empty()) std::cout << ": " << result.detail;
    std::cout << "\n";
  }
  return result.ok() ? 0 : 1;
}

}  // namespace

Command add_probe_command(CLI::App& program) {
  auto args = std::make_shared<ProbeArgs>();
  CLI::App* command = program.add_subcommand(
      "probe", "Check the GeeTest availability endpoint once; exit 0 on success, 1 otherwise");
  command->add_option("--geetest.id", args->captcha_id, "Captcha id (gt) to check")
      ->envname("GT3_GEETEST_ID")
      ->required();
  command->add_option("--geetest.bypass_url", args->bypass_url, "Availability endpoint")
      ->envname("GT3_GEETEST_BYPASS_URL")
      ->capture_default_str();
  command->add_option("--bypass.timeout_ms", args->timeout_ms, "Deadline of the check")
      ->envname("GT3_BYPASS_TIMEOUT_MS")
      ->capture_default_str();
  command->add_flag("--json", args->json, "Print one JSON object instead of a line");
  return {command, [args] { return run_probe(*args); }};
}

}  // namespace gt3::service
