// Probe: one availability check (docs/protocol.md section 2), through an HttpClient, classified.
//
// Only HTTP 200 with a JSON object whose "status" is "success" is a success; everything else is
// a failure of a named class. An unknown captcha id is not distinguishable from a cloud that
// says "fail" for a known one (both answer {"status": "fail"}), so both are kFailStatus.
// Thread-safe; run() may be called concurrently; the Probe and its HttpClient must outlive the
// calls in flight (hold it in a shared_ptr for as long as a call may run).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "gt3/clock.h"
#include "gt3/http_client.h"

namespace gt3::bypass {

enum class ProbeOutcome {
  kSuccess,
  kFailStatus,  // {"status": "fail"} (or any status but "success")
  kHttpError,   // an answer whose status is not 200
  kBadBody,     // 200 but not JSON, or no "status" string; or a malformed HTTP answer
  kTimeout,
  kRefused,
  kDns,
  kTls,
  kNetwork,  // any other transport failure
};

// "success", "fail_status", "http_error", "bad_body", "timeout", "refused", "dns", "tls",
// "network": stable names for JSON, metrics and the probe command.
std::string_view probe_outcome_name(ProbeOutcome outcome);

struct ProbeResult {
  ProbeOutcome outcome = ProbeOutcome::kNetwork;
  int http_status = 0;  // when an answer arrived
  std::chrono::milliseconds latency{0};
  std::string detail;  // for people

  bool ok() const { return outcome == ProbeOutcome::kSuccess; }
};

// Classifies what the availability endpoint answered.
ProbeResult classify_probe_answer(const HttpOutcome& outcome);

struct ProbeTarget {
  std::string bypass_url{"http://bypass.geetest.com/v1/bypass_status.php"};
  std::string captcha_id;
  std::chrono::milliseconds timeout{800};
};

class Probe {
 public:
  Probe(ProbeTarget target, HttpClient& http, const Clock& clock = SystemClock::instance());

  void run(std::function<void(ProbeResult)> done) const;

  const ProbeTarget& target() const { return target_; }

 private:
  ProbeTarget target_;
  std::string url_;  // bypass_url with ?gt=<id>
  HttpClient& http_;
  const Clock& clock_;
};

}  // namespace gt3::bypass
