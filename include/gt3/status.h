// The vocabulary of availability (docs/protocol.md section 2, docs/design.md section 2), as an
// embedder of BypassCaptcha sees it: the cloud's status as a fleet shares it, the manual
// override, one probe's result, the snapshot every request decides by, and one transition.
//
// Names are the stored and displayed values: cloud statuses are compatible with the official
// demos' Redis key ("success" / "fail"); a probe's label is a metric label and JSON. Plain values;
// the name functions are pure and thread-safe.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "gt3/captcha_mode.h"
#include "gt3/clock.h"
#include "gt3/reason.h"

namespace gt3 {

enum class CloudStatus { kSuccess, kFail };

// "success" / "fail".
std::string_view cloud_status_name(CloudStatus status);
std::optional<CloudStatus> parse_cloud_status(std::string_view name);

// What an operator forces, whatever the probes say.
enum class Override { kAuto, kForceOnline, kForceOffline };

// "auto" / "force-online" / "force-offline".
std::string_view override_name(Override mode);
std::optional<Override> parse_override(std::string_view name);

// The reasons a probe reports, one for each of its labels (probe_outcome_name):
//  kOk               the answer was {"status": "success"}
//  kCloudReportsFail {"status": "fail"} (or any status but "success")
//  kHttpStatus       an answer whose status is not 200
//  kBadBody          200 but not JSON, or no "status" string; or a malformed HTTP answer
//  kTimeout, kRefused, kDns, kTls, kNetwork: the transport failed (kNetwork for any other cause)
inline constexpr std::array kProbeReasons = {
    Reason::kOk,      Reason::kCloudReportsFail, Reason::kHttpStatus, Reason::kBadBody,
    Reason::kTimeout, Reason::kRefused,          Reason::kDns,        Reason::kTls,
    Reason::kNetwork};

// The probe's stable label for metrics, JSON and the probe command; a mapping of the one Reason
// vocabulary: "success" (kOk), "fail_status" (kCloudReportsFail), "http_error" (kHttpStatus),
// "bad_body", "timeout", "refused", "dns", "tls" (their reasons), and "network" for kNetwork and
// any reason a probe does not report.
std::string_view probe_outcome_name(Reason reason);

// One availability probe, classified.
struct ProbeResult {
  Reason reason = Reason::kNetwork;  // one of kProbeReasons
  int http_status = 0;               // when an answer arrived
  std::chrono::milliseconds latency{0};
  std::string detail;  // for people

  bool ok() const { return reason == Reason::kOk; }
};

// What the service knows about availability at one moment, immutable once published.
struct StatusSnapshot {
  CaptchaMode mode = CaptchaMode::kOnline;    // what requests do: the override applied
  CloudStatus cloud = CloudStatus::kSuccess;  // what the checker (or the fleet's store) says
  Override override_mode = Override::kAuto;
  Clock::WallTime since;  // when `mode` last changed
  std::string cause;      // why it is what it is, for people
  std::optional<ProbeResult> last_probe;
  // When the latest offline period ended (unset: none has ended yet). With `mode`, it tells
  // whether requests ran offline at any moment since a given time (offline_since()).
  std::optional<Clock::WallTime> offline_ended;

  // True when requests ran offline at some moment at or after `time`: offline now, or an offline
  // period that ended at or after it.
  bool offline_since(Clock::WallTime time) const {
    return mode == CaptchaMode::kOffline || (offline_ended && *offline_ended >= time);
  }
};

// One change of the mode, as kept in the history and given to observers.
struct Transition {
  Clock::WallTime at;
  CaptchaMode from = CaptchaMode::kOnline;
  CaptchaMode to = CaptchaMode::kOnline;
  std::string cause;
};

}  // namespace gt3
