// FaultPlan: how the simulated cloud misbehaves, per endpoint, as set by --mode or the control
// API (docs/design.md section 6). Thread-safe; reads the injected clock to resolve `flap`.
//
// Modes: up | down | hang | slow:<ms> | http500 | http429 | html | status-fail | flap:<ms>
//        | truncated | drop | trickle:<ms> | huge
//  - down set for the whole cloud closes its listening port (connection refused); set for one
//    endpoint it closes the connection of each request to that endpoint without an answer, the
//    nearest a single path can come to a refused connection;
//  - http429 answers 429 Too Many Requests with a small JSON body, as a cloud that rate-limits
//    the customer: a refusal, like http500, and never an answer to act on;
//  - flap:<ms> starts down for <ms>, then up for <ms>, and so on, from the moment it is set;
//  - status-fail only changes bypass_status.php's answer to {"status": "fail"};
//  - truncated, drop, trickle and huge mangle the endpoint's normal answer on the wire (see
//    faulty_answers.h): cut in the middle then closed, cut then reset, one byte every <ms>, and
//    padded to 16 MiB of valid-looking JSON.
#pragma once

#include <array>
#include <boost/system/result.hpp>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "gt3/clock.h"

namespace gt3::cloudsim {

enum class Endpoint { kBypass, kRegister, kValidate };
inline constexpr std::array<Endpoint, 3> kEndpoints = {Endpoint::kBypass, Endpoint::kRegister,
                                                       Endpoint::kValidate};

// "bypass", "register", "validate".
std::string_view endpoint_name(Endpoint endpoint);
std::optional<Endpoint> parse_endpoint(std::string_view name);

enum class Fault {
  kUp,
  kDown,
  kHang,
  kSlow,
  kHttp500,
  kHttp429,
  kHtml,
  kStatusFail,
  kFlap,
  kTruncated,
  kDrop,
  kTrickle,
  kHuge,
};

struct FaultMode {
  Fault fault = Fault::kUp;
  std::chrono::milliseconds period{0};  // delay of slow, half-period of flap, trickle's pace

  // Parses a mode; the error says what is wrong and lists the valid modes.
  static boost::system::result<FaultMode, std::string> parse(std::string_view text);
  std::string name() const;  // the text parse() accepts, e.g. "slow:250"

  friend bool operator==(const FaultMode&, const FaultMode&) = default;
};

inline constexpr std::string_view kValidModes =
    "up, down, hang, slow:<ms>, http500, http429, html, status-fail, flap:<ms>, truncated, drop, "
    "trickle:<ms>, huge";

class FaultPlan {
 public:
  explicit FaultPlan(const Clock& clock) : clock_(clock) {}

  // For one endpoint, or for the whole cloud when `endpoint` is nullopt.
  void set(FaultMode mode, std::optional<Endpoint> endpoint = std::nullopt);

  FaultMode mode(Endpoint endpoint) const;

  // The mode in force now: flap resolved to up or down.
  FaultMode effective(Endpoint endpoint) const;

  // True while the whole cloud is set down (or in a down phase of a whole-cloud flap): the
  // listening port must be closed.
  bool listener_down() const;

  // The whole-cloud flap's half-period and start, for the server's listener timer.
  std::optional<std::pair<std::chrono::milliseconds, Clock::SteadyTime>> whole_cloud_flap() const;

 private:
  struct Setting {
    FaultMode mode;
    Clock::SteadyTime since;
  };
  FaultMode resolve(const Setting& setting) const;

  const Clock& clock_;
  mutable std::mutex mutex_;
  std::array<Setting, 3> per_endpoint_{};
  std::optional<Setting> whole_cloud_ = Setting{};
};

}  // namespace gt3::cloudsim
