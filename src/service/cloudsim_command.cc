#include "service/cloudsim_command.h"

#include <toml++/toml.h>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <future>
#include <iostream>

#include "cloudsim/cloud_simulator.h"
#include "http/io_threads.h"
#include "sdk/hex.h"

namespace gt3::service {
namespace {

struct CloudsimArgs {
  std::string listen = "127.0.0.1:8090";
  std::string control = "127.0.0.1:8091";
  std::vector<std::string> apps;
  std::string apps_file;
  std::string mode = "up";
  unsigned threads = 0;
  std::size_t max_challenges = cloudsim::CloudSimulatorOptions{}.max_challenges;
  bool no_front_end_limits = false;
};

bool is_hex32(std::string_view s) { return s.size() == 32 && is_lower_hex(s); }

// "ID:KEY" -> App, or a message naming the bad value.
boost::system::result<cloudsim::App, std::string> parse_app(std::string_view text,
                                                            std::string_view where) {
  const auto colon = text.find(':');
  const std::string_view id = text.substr(0, colon);
  const std::string_view key = colon == std::string_view::npos ? "" : text.substr(colon + 1);
  if (colon == std::string_view::npos || !is_hex32(id) || !is_hex32(key)) {
    return {boost::system::in_place_error,
            std::string(where) + ": '" + std::string(id) +
                ":...' is not ID:KEY with two 32-digit lower-case hex strings"};
  }
  return cloudsim::App{std::string(id), Secret(std::string(key))};
}

// [[app]] tables with `id` and `key`.
boost::system::result<std::vector<cloudsim::App>, std::string> read_apps_file(
    const std::string& path) {
  toml::table file;
  try {
    file = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return {boost::system::in_place_error,
            "--apps-file " + path + ": " + std::string(e.description())};
  }
  std::vector<cloudsim::App> apps;
  const toml::array* list = file["app"].as_array();
  if (list == nullptr) {
    return {boost::system::in_place_error,
            "--apps-file " + path + ": expected [[app]] tables with id and key"};
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const toml::table* app = list->get(i)->as_table();
    const auto id = app ? (*app)["id"].value<std::string>() : std::nullopt;
    const auto key = app ? (*app)["key"].value<std::string>() : std::nullopt;
    auto parsed = parse_app(id.value_or("") + ":" + key.value_or(""),
                            "--apps-file " + path + ", app " + std::to_string(i + 1));
    if (!parsed) return {boost::system::in_place_error, parsed.error()};
    apps.push_back(*std::move(parsed));
  }
  return apps;
}

int run_cloudsim(const CloudsimArgs& args) {
  cloudsim::CloudSimulatorOptions options;
  options.listen = args.listen;
  options.control = args.control;
  const auto mode = cloudsim::FaultMode::parse(args.mode);
  if (!mode) {
    std::cerr << "gt3-bypass cloudsim: --mode: " << mode.error() << "\n";
    return 2;
  }
  options.mode = *mode;
  options.max_challenges = args.max_challenges;
  if (args.no_front_end_limits) options.front_end.reset();
  if (!args.apps_file.empty()) {
    auto apps = read_apps_file(args.apps_file);
    if (!apps) {
      std::cerr << "gt3-bypass cloudsim: " << apps.error() << "\n";
      return 2;
    }
    options.apps = *std::move(apps);
  }
  for (const std::string& text : args.apps) {
    auto app = parse_app(text, "--app");
    if (!app) {
      std::cerr << "gt3-bypass cloudsim: " << app.error() << "\n";
      return 2;
    }
    options.apps.push_back(*std::move(app));
  }
  const bool demo_pair = options.apps.empty();

  http::IoThreads io(args.threads);
  cloudsim::CloudSimulator simulator(io.context(), std::move(options));
  if (auto started = simulator.start(); !started) {
    std::cerr << "gt3-bypass cloudsim: cannot listen: " << started.error().detail
              << "; choose another address with --listen/--control\n";
    return 1;
  }

  std::cout << "cloudsim: cloud on http://127.0.0.1:" << simulator.cloud_port()
            << " (/v1/bypass_status.php, /register.php, /validate.php, /sim/solve)\n"
            << "cloudsim: control on http://127.0.0.1:" << simulator.control_port()
            << "/__control\n"
            << "cloudsim: mode " << args.mode << "\n"
            << "cloudsim: front-end limits "
            << (args.no_front_end_limits ? "off" : "8 KiB (target 414, headers 431, body 413)")
            << "\n";
  for (const cloudsim::App& app : simulator.apps()) {
    std::cout << "cloudsim: app " << app.captcha_id;
    // The built-in pair is public by design; a configured key stays secret.
    if (demo_pair) std::cout << " key " << app.private_key.reveal() << " (built-in demo pair)";
    std::cout << "\n";
  }
  std::cout << std::flush;

  std::promise<int> signalled;
  boost::asio::signal_set signals(io.context(), SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int number) {
    if (!ec) signalled.set_value(number);
  });
  const int number = signalled.get_future().get();
  std::cout << "cloudsim: signal " << number << ", stopping\n" << std::flush;
  simulator.stop();
  io.stop();
  return 0;
}

}  // namespace

Command add_cloudsim_command(CLI::App& program) {
  auto args = std::make_shared<CloudsimArgs>();
  CLI::App* command = program.add_subcommand(
      "cloudsim", "Run the GeeTest cloud simulator (for tests, benchmarks and the demo)");
  command->add_option("--listen", args->listen, "Cloud address host:port (port 0: any free)")
      ->capture_default_str();
  command->add_option("--control", args->control, "Control API address host:port")
      ->capture_default_str();
  command->add_option("--app", args->apps,
                      "A captcha id and private key as ID:KEY (32 hex each); repeatable; "
                      "none: the built-in demo pair");
  command->add_option("--apps-file", args->apps_file,
                      "TOML file with [[app]] tables holding id and key");
  command
      ->add_option("--mode", args->mode,
                   std::string("Fault mode at start: ") + std::string(cloudsim::kValidModes))
      ->capture_default_str();
  command->add_option("--threads", args->threads, "I/O threads, 0 = number of cores")
      ->capture_default_str();
  command
      ->add_option("--max-challenges", args->max_challenges,
                   "Challenges remembered at once (issued, not yet validated or expired); past "
                   "it the oldest are forgotten and fail validation")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}))
      ->capture_default_str();
  command->add_flag("--no-front-end-limits", args->no_front_end_limits,
                    "Serve requests of any size. By default the cloud listener refuses, as the "
                    "real cloud's front end does, a request target over 8 KiB (414), header "
                    "fields over 8 KiB in all (431) and a body over 8 KiB (413); the control "
                    "listener has no such limits");
  return {command, [args] { return run_cloudsim(*args); }};
}

}  // namespace gt3::service
