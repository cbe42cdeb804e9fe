// Captcha: GeeTest v3 with ByPass mode for one site, as a part of a C++ server: the cloud
// client, the status keeper (none in failback mode), the offline signer, single-use ledger and
// rate limiter, the metrics, and the CaptchaGate that decides /register and /validate over them,
// all built from a checked ServiceConfig. `serve` runs it behind its HTTP routes; a server of
// your own runs it behind its routes (examples/beast_embedding).
//
// Everything runs on the given io_context, whose threads the caller runs; nothing blocks them.
// start() decides the first status (blocking for up to bypass.timeout_ms, see StatusKeeper:
// call it before serving, off the io_context's threads) and begins probing; stop() releases the
// fleet lease and completes every cloud call in flight (idempotent); stop before the io_context
// stops. Thread-safe after start().
#pragma once

#include <memory>

#include "service/captcha_gate.h"
#include "service/config.h"
#include "service/service_metrics.h"
#include "service/status_keeper.h"

namespace boost::asio {
class io_context;
}

namespace gt3::service {

class Captcha {
 public:
  Captcha(boost::asio::io_context& io, const ServiceConfig& config);
  ~Captcha();
  Captcha(const Captcha&) = delete;
  Captcha& operator=(const Captcha&) = delete;

  void start();
  void stop();

  CaptchaGate& gate();
  StatusKeeper* keeper();  // null in failback mode
  ServiceMetrics& metrics();

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace gt3::service
