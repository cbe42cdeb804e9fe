// Probe: one availability check (docs/protocol.md section 2), through an HttpClient, classified.
//
// Only HTTP 200 with a JSON object whose "status" is "success" is a success (Reason::kOk);
// everything else is a failure named by one of the other kProbeReasons (gt3/status.h). An unknown
// captcha id is not distinguishable from a cloud that says "fail" for a known one (both answer
// {"status": "fail"}), so both are kCloudReportsFail.
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
#include "gt3/status.h"

namespace gt3::bypass {

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
