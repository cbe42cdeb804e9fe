// BypassObserver: what a BypassCaptcha tells the outside about its work, for metrics and logs.
// `gt3-bypass serve` implements it with its Prometheus exporter; an embedder implements what it
// needs (every method does nothing by default).
//
// Threads: the methods are called on the io_context's threads (register and validate answers,
// cloud calls) and on the availability checker's (probes, transitions), concurrently; an
// implementation must be thread-safe, must not block and should be cheap (a few atomic
// increments): it runs on the request path. It must outlive the BypassCaptcha it is given to.
// Exceptions must not escape it.
#pragma once

#include <chrono>

#include "gt3/captcha_mode.h"
#include "gt3/reason.h"
#include "gt3/status.h"

namespace gt3 {

// The two calls a request can make to the GeeTest cloud.
enum class CloudCall { kRegister, kValidate };

class BypassObserver {
 public:
  virtual ~BypassObserver() = default;

  // A register answered with a challenge, in the mode it was handed out in.
  virtual void on_register(CaptchaMode /*mode*/) {}
  // A validate decided: `mode` is the path it took, `success` the verdict.
  virtual void on_validate(CaptchaMode /*mode*/, bool /*success*/) {}
  // An offline (or fallback) validation refused, and why.
  virtual void on_offline_rejection(Reason /*reason*/) {}
  // A call to register.php or validate.php ended: kOk or why not, and how long it took.
  virtual void on_cloud_call(CloudCall /*call*/, Reason /*reason*/,
                             std::chrono::nanoseconds /*took*/) {}
  // An availability probe of this instance ended.
  virtual void on_probe(const ProbeResult& /*result*/) {}
  // The mode changed. Not called for the first status decided at start(), which is set rather
  // than switched to (a service that starts during an outage was never online): read it from
  // BypassCaptcha::status().
  virtual void on_transition(const Transition& /*transition*/) {}
};

}  // namespace gt3
