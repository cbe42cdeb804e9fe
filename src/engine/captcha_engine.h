// CaptchaEngine: the parts of GeeTest v3 with ByPass mode for one site, assembled from checked
// BypassOptions: the cloud client, the status keeper (none in failback mode), the offline signer,
// single-use ledger and rate limiter, and the CaptchaGate that decides register and validate over
// them, reporting to a BypassObserver. The public BypassCaptcha wraps it for embedders; `serve`
// holds it directly and calls the gate from its routes.
//
// Everything runs on the given io_context, whose threads the caller runs; nothing blocks them.
// start() decides the first status (blocking for up to the probe timeout, see StatusKeeper: call
// it before serving, off the io_context's threads) and begins probing; stop() releases the fleet
// lease and completes every cloud call in flight (idempotent); stop before the io_context stops.
// Thread-safe after start(). The observer must outlive the engine.
#pragma once

#include <memory>
#include <vector>

#include "engine/captcha_gate.h"
#include "engine/status_keeper.h"
#include "gt3/bypass_observer.h"
#include "gt3/bypass_options.h"

namespace boost::asio {
class io_context;
}

namespace gt3::engine {

class CaptchaEngine {
 public:
  // `options` must pass check_options() (std::invalid_argument otherwise).
  CaptchaEngine(boost::asio::io_context& io, const BypassOptions& options,
                BypassObserver& observer);
  // The same, with a request's cloud calls kept on the context whose thread asks (a server with
  // one io_context per thread passes them all; AsioHttpClient's lanes). `io` runs the rest (the
  // probes, the fleet member) and must be the first of `call_contexts`.
  CaptchaEngine(boost::asio::io_context& io, std::vector<boost::asio::io_context*> call_contexts,
                const BypassOptions& options, BypassObserver& observer);
  ~CaptchaEngine();
  CaptchaEngine(const CaptchaEngine&) = delete;
  CaptchaEngine& operator=(const CaptchaEngine&) = delete;

  void start();
  void stop();

  // Signs offline challenges with `secret` from now on, and verifies them against it and
  // `previous` (offline::ChallengeSigner::rekey): a rotation while requests run. Throws
  // std::invalid_argument, keeping the secrets it had, when the set is not usable.
  void set_offline_secrets(Secret secret, std::vector<Secret> previous);

  boost::asio::io_context& io();
  CaptchaGate& gate();
  StatusKeeper* keeper();  // null in failback mode

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace gt3::engine
