// Fresh, valid /validate bodies for the wrk runs of bench/run, one form body per line on stdout.
// Every challenge is single use, so a validate benchmark needs one per request; the wrk script
// bench/wrk/load.lua hands them out in order and stops a thread that runs out.
//
//   gt3_bench_mint_challenges offline --secret S --count N [--pow-difficulty D] [--threads T]
//       signed offline challenges under serve's offline.secret (policy compat: the two other
//       fields are non-blank; with --pow-difficulty: geetest_validate is the smallest nonce with
//       D leading zero bits, policy pow). Signing and solving happen here, before the run.
//   gt3_bench_mint_challenges online --cloud URL --id ID --key KEY --count N [--for serve|cloud]
//                         [--concurrency C]
//       online challenges issued by cloudsim's register.php (origin digested with md5 as serve
//       would), solved as /sim/solve does. --for serve (default) prints serve's /validate form;
//       --for cloud prints the body of cloudsim's own validate.php.
//
// Challenges of both kinds expire (offline: offline.challenge_ttl_s; online: cloudsim forgets
// them after 10 min or beyond its --max-challenges most recent), so mint right before the run.
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"
#include "offline/proof_of_work.h"
#include "offline/signed_challenge.h"

namespace {

using gt3::bench::Options;

int mint_offline(const Options& options) {
  const auto count = static_cast<long>(options.number("count", 1000));
  const int difficulty = static_cast<int>(options.number("pow-difficulty", 0));
  const int threads = std::max(1, static_cast<int>(options.number("threads", 2)));
  const gt3::offline::ChallengeSigner signer(gt3::Secret(options.text("secret")),
                                             std::chrono::seconds(300));
  std::mutex out;
  std::atomic<long> next{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      std::string lines;
      while (next.fetch_add(1) < count) {
        const std::string challenge = signer.issue();
        const std::string validate =
            difficulty > 0
                ? std::to_string(gt3::offline::solve_proof_of_work(challenge, difficulty))
                : std::string("offline");
        lines += "geetest_challenge=" + challenge + "&geetest_validate=" + validate +
                 "&geetest_seccode=" + validate + "%7Cjordan\n";
        if (lines.size() > (1 << 16)) {
          std::lock_guard lock(out);
          std::fwrite(lines.data(), 1, lines.size(), stdout);
          lines.clear();
        }
      }
      std::lock_guard lock(out);
      std::fwrite(lines.data(), 1, lines.size(), stdout);
    });
  }
  for (auto& worker : workers) worker.join();
  return 0;
}

int mint_online(const Options& options) {
  const auto count = static_cast<long>(options.number("count", 1000));
  const auto concurrency = static_cast<long>(options.number("concurrency", 64));
  const std::string cloud = options.text("cloud");
  const std::string id = options.text("id");
  const std::string key = options.text("key");
  const bool for_cloud = options.text("for", "serve") == "cloud";
  const std::string register_url =
      cloud + "/register.php?gt=" + id + "&json_format=1&digestmod=md5&sdk=bench";

  boost::asio::io_context io;
  gt3::AsioHttpClient http(io, gt3::bench::keep_alive(static_cast<std::size_t>(concurrency)));
  long issued = 0, completed = 0, failed = 0;
  std::string lines;
  // Each completion starts the next request: `concurrency` requests in flight, on one thread.
  std::function<void()> next = [&] {
    if (issued >= count) return;
    ++issued;
    gt3::HttpRequest request;
    request.url = register_url;
    request.deadline = std::chrono::seconds(5);
    http.send(std::move(request), [&](gt3::HttpOutcome outcome) {
      const std::string origin = outcome ? gt3::bench::json_string(outcome->body, "challenge") : "";
      if (origin.size() != 32) {
        ++failed;
      } else {
        const std::string challenge = gt3::md5_hex(origin + key);
        const std::string validate = gt3::md5_hex(key + "geetest" + challenge);
        if (for_cloud) {
          lines += "seccode=" + validate + "%7Cjordan&challenge=" + challenge + "&captchaid=" + id +
                   "&json_format=1&sdk=bench\n";
        } else {
          lines += gt3::bench::solved_form(challenge, true, key) + "\n";
        }
      }
      // The pool's idle timers would keep io.run() going: close it after the last answer.
      if (++completed == count) http.shutdown();
      next();
    });
  };
  for (long i = 0; i < concurrency; ++i) next();
  io.run();
  std::fwrite(lines.data(), 1, lines.size(), stdout);
  if (failed > 0) {
    std::fprintf(stderr, "gt3_bench_mint_challenges: %ld of %ld register.php calls failed\n",
                 failed, count);
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string kind = argc > 1 ? argv[1] : "";
  const Options options(argc, argv, 2);
  if (kind == "offline") return mint_offline(options);
  if (kind == "online") return mint_online(options);
  Options::fail(
      "usage: gt3_bench_mint_challenges offline|online --name value ... (see the file's header)");
}
