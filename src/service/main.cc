// gt3-bypass: one program, one subcommand per job (docs/design.md): serve, demo, monitor, probe and
// cloudsim.
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "gt3/version.h"
#include "service/cloudsim_command.h"
#include "service/demo_command.h"
#include "service/malloc_in_use.h"
#include "service/monitor_command.h"
#include "service/probe_command.h"
#include "service/serve_command.h"
#include "service/unknown_arguments.h"

// Read by jemalloc when the program links it (GT3_ALLOCATOR=jemalloc, the release preset), an
// unused string otherwise; MALLOC_CONF in the environment still overrides it. Blocks of 1 MiB and
// more (the single-use ledger's tables, which double as they fill) are given back to the system
// when freed, as glibc does with its mapped blocks, instead of staying dirty for 10 s: the peak
// RSS of a ledger's doubling is then the old and new tables, no more.
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "oversize_threshold:1048576";
}

int main(int argc, char** argv) {
  CLI::App app{"gt3-bypass: GeeTest CAPTCHA v3 server side with ByPass mode", "gt3-bypass"};
  app.set_version_flag("--version", "gt3-bypass " + std::string(gt3::kVersion) + " (sdk " +
                                        std::string(gt3::kSdkVersion) + "; malloc " +
                                        gt3::service::malloc_in_use() + ")");
  app.require_subcommand(0, 1);  // none is reported below, with the list of subcommands
  app.footer("Run 'gt3-bypass help' or 'gt3-bypass <subcommand> --help' for details.");

  CLI::App* help = app.add_subcommand("help", "Print this help and exit");
  const gt3::service::Command commands[] = {
      gt3::service::add_serve_command(app),    gt3::service::add_demo_command(app),
      gt3::service::add_monitor_command(app),  gt3::service::add_probe_command(app),
      gt3::service::add_cloudsim_command(app),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::ExtrasError&) {
    // Not CLI11's message: it repeats the arguments, values of mistyped secret flags included.
    std::cerr << gt3::service::unknown_arguments_message(app) << "\n";
    return 2;
  } catch (const CLI::ParseError& e) {
    // --help and --version end here with 0; every usage error exits 2, the shell convention.
    return app.exit(e) == 0 ? 0 : 2;
  }

  // app.help() would describe the selected subcommand; the formatter describes the program.
  const std::string program_help =
      app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal);
  if (help->parsed()) {
    std::cout << program_help << "\n";
    return 0;
  }
  for (const auto& command : commands) {
    if (command.parser->parsed()) return command.run();
  }
  if (app.get_subcommands().empty()) {
    std::cerr << "gt3-bypass: a subcommand is required; choose one of these:\n\n"
              << program_help << "\n";
    return 2;
  }
  return 0;
}
