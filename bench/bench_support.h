// Shared pieces of the benchmark clients in bench/ (never used by the service or the tests):
// command-line options, latency summaries, a blocking HTTP call for the control plane, and the
// answer a user who solved a challenge would post.
//
// Every client here talks to processes started by bench/run over loopback HTTP, through the
// project's own gt3::AsioHttpClient on one io_context. What a client times is stated in its own
// file; the helpers below only measure what their callers hand them.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "gt3/asio_http_client.h"
#include "gt3/digest.h"

namespace gt3::bench {

using Clock = std::chrono::steady_clock;

inline double ms_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// --name value pairs; a missing required option stops the program with a message.
class Options {
 public:
  Options(int argc, char** argv, int first) {
    for (int i = first; i + 1 < argc; i += 2) {
      std::string name = argv[i];
      if (name.rfind("--", 0) != 0) fail("expected --name value, got " + name);
      values_[name.substr(2)] = argv[i + 1];
    }
  }
  std::string text(const std::string& name) const {
    auto found = values_.find(name);
    if (found == values_.end()) fail("missing --" + name);
    return found->second;
  }
  std::string text(const std::string& name, std::string fallback) const {
    auto found = values_.find(name);
    return found == values_.end() ? fallback : found->second;
  }
  double number(const std::string& name, double fallback) const {
    auto found = values_.find(name);
    return found == values_.end() ? fallback : std::atof(found->second.c_str());
  }

  [[noreturn]] static void fail(const std::string& why) {
    std::fprintf(stderr, "bench: %s\n", why.c_str());
    std::exit(2);
  }

 private:
  std::map<std::string, std::string> values_;
};

// Client options keeping up to `idle` keep-alive connections to one host (the default is 32).
inline AsioHttpClientOptions keep_alive(std::size_t idle) {
  AsioHttpClientOptions options;
  options.max_idle_per_host = idle;
  return options;
}

// Percentile by nearest rank over a copy (q in [0, 100]); 0 for no samples.
inline double percentile(std::vector<double> samples, double q) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const auto rank = static_cast<std::size_t>(q / 100.0 * double(samples.size() - 1) + 0.5);
  return samples[std::min(rank, samples.size() - 1)];
}

// "min / median / max" with no decimals, or "n/a".
inline std::string min_median_max(const std::vector<double>& samples) {
  if (samples.empty()) return "n/a";
  char out[96];
  std::snprintf(out, sizeof out, "%.0f / %.0f / %.0f", percentile(samples, 0),
                percentile(samples, 50), percentile(samples, 100));
  return out;
}

// One request, waited for: for the control API and set-up steps, never for measured traffic.
inline HttpOutcome call(HttpClient& http, HttpMethod method, std::string url, std::string body = {},
                        std::string content_type = "application/json",
                        std::vector<std::pair<std::string, std::string>> headers = {}) {
  std::promise<HttpOutcome> promise;
  auto answer = promise.get_future();
  HttpRequest request;
  request.method = method;
  request.url = std::move(url);
  request.body = std::move(body);
  request.content_type = std::move(content_type);
  request.headers = std::move(headers);
  request.deadline = std::chrono::seconds(5);
  http.send(std::move(request),
            [&promise](HttpOutcome outcome) { promise.set_value(std::move(outcome)); });
  return answer.get();
}

// Puts the simulated cloud into `mode` ("hang", "down", "up", "flap:5000", ...); exits on failure.
inline void set_cloud_mode(HttpClient& http, const std::string& control_url,
                           const std::string& mode) {
  auto answer = call(http, HttpMethod::kPost, control_url, R"({"mode":")" + mode + R"("})");
  if (!answer) Options::fail("the cloudsim control API did not take mode " + mode);
}

// The value of a JSON string field in a flat answer such as serve's register answer; empty when
// absent. Enough for the fixed shapes the service produces (no escapes in these values).
inline std::string json_string(std::string_view body, std::string_view key) {
  const std::string needle = "\"" + std::string(key) + "\":\"";
  const auto at = body.find(needle);
  if (at == std::string_view::npos) return {};
  const auto begin = at + needle.size();
  const auto end = body.find('"', begin);
  return end == std::string_view::npos ? std::string()
                                       : std::string(body.substr(begin, end - begin));
}

// The form a user who solved `challenge` posts to /validate: for an online challenge what the
// simulated cloud's /sim/solve answers (validate = md5(key + "geetest" + challenge), seccode =
// validate + "|jordan"), computed here so that a flapping cloud cannot fail the solve itself; for
// an offline challenge what GeeTest's offline widget posts (policy compat: non-blank fields).
inline std::string solved_form(std::string_view challenge, bool online, std::string_view key) {
  const std::string validate =
      online ? md5_hex(std::string(key) + "geetest" + std::string(challenge)) : "offline";
  return "geetest_challenge=" + std::string(challenge) + "&geetest_validate=" + validate +
         "&geetest_seccode=" + validate + "%7Cjordan";
}

inline constexpr std::string_view kFormType = "application/x-www-form-urlencoded";

}  // namespace gt3::bench
