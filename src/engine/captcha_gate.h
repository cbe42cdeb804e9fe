// CaptchaGate: what register and validate decide (docs/protocol.md sections 3-4,
// docs/design.md sections 3-4), without any HTTP: `serve`'s routes and an embedding C++ server
// both call it. The mode comes from the status snapshot (or, in instant mode, a shared probe),
// never from a store round trip, and every challenge remembers the mode it was issued in.
//
// The rule that governs every lenient path: a client cannot make the gate treat the cloud as
// unavailable while the cloud can answer. Only the status (probes, transport failures) and the
// cloud's own failures (is_cloud_failure: unreachable, 5xx, unusable answers) open the offline
// paths; a 4xx is a verdict on the request (kRequestRefused), and every field is checked
// (request_checks.h) before a cloud call is spent on it.
//
//   register   online: register.php. A failed call answers a *provisional* offline challenge
//              (and is a passive health signal): it passes only if this service has itself run
//              offline at some moment since it was issued, so it is never easier than the online
//              puzzle it replaces (a user caught by a short outage still passes after it).
//              A 4xx answers an error (502, request_refused): no challenge at all. In failback
//              mode (no status) the failure itself decides; the challenge is a plain offline one.
//              offline: a signed challenge; the answer also names the offline policy and, for
//              `pow`, carries the puzzle.
//   validate   a challenge signed by us: the offline policy (rate limit, proof of work, single
//              use), whatever the status now; a provisional one only once offline since.
//              a 32/64-hex online challenge: validate.php while online. When the status is
//              offline or the call fails for a cloud failure, the online fallback: `deny` and
//              online_fallback = reject refuse; `pow` refuses with offline_challenge_needed (every
//              offline pass costs work); `compat` accepts once a challenge this service issued,
//              `none` any; both under the offline rate limit.
//              anything else: forged (accepted only by `none` while offline).
//   Every acceptance is claimed once in the single-use ledger.
//
// The coroutines run on the caller's executor and never block it; cloud calls, the ledger and
// the instant check resume them there. Thread-safe; everything given to the constructor must
// outlive it and every call in flight.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "engine/status_keeper.h"
#include "gt3/bypass_captcha.h"
#include "gt3/bypass_observer.h"
#include "gt3/geetest_client.h"
#include "offline/challenge_ledger.h"
#include "gt3/bypass_options.h"
#include "offline/proof_of_work.h"
#include "offline/rate_limiter.h"
#include "offline/signed_challenge.h"

namespace gt3::engine {

struct CaptchaOptions {
  gt3::OfflinePolicy policy = gt3::OfflinePolicy::kCompat;
  int pow_difficulty = offline::kDefaultPowDifficulty;
  std::chrono::seconds challenge_ttl{300};
  bool accept_issued_when_unreachable = true;  // OnlineFallback::kIssued
  bool failback = false;                       // BypassMode::kFailback: no status, always try
};

class CaptchaGate {
 public:
  // `keeper` is null in failback mode.
  CaptchaGate(CaptchaOptions options, GeetestClient& client, StatusKeeper* keeper,
              const offline::ChallengeSigner& signer, offline::ChallengeLedger& ledger,
              offline::RateLimiter& limiter, BypassObserver& observer);

  boost::asio::awaitable<RegisterAnswer> register_challenge(RegisterParams params);

  // `user` is what is forwarded to the cloud (checked first: kInvalidParameter); `client` is the
  // address the request came from (an unattributed one passes nothing offline).
  boost::asio::awaitable<ValidateResult> validate(ValidateForm form, UserInfo user,
                                                  ClientAddress client);

 private:
  // The mode at once when it is known without asking: in failback mode, and from the poller's
  // snapshot. Empty when an instant check must run: then await current_mode(). A plain call, so
  // that the common case costs a route no coroutine frame.
  std::optional<CaptchaMode> mode_at_once() const;
  boost::asio::awaitable<CaptchaMode> current_mode();
  boost::asio::awaitable<ValidateResult> validate_signed(
      const ValidateForm& form, const Result<offline::SignedChallenge>& signature,
      const ClientAddress& client);
  boost::asio::awaitable<ValidateResult> validate_online(const ValidateForm& form,
                                                         const UserInfo& user,
                                                         const ClientAddress& client);
  boost::asio::awaitable<ValidateResult> validate_unknown(
      const ValidateForm& form, const Result<offline::SignedChallenge>& signature,
      const ClientAddress& client);
  boost::asio::awaitable<ValidateResult> fall_back(const ValidateForm& form, Reason why,
                                                   const ClientAddress& client);
  boost::asio::awaitable<ValidateResult> claim_once(const std::string& challenge,
                                                    std::chrono::milliseconds ttl,
                                                    ValidateResult accepted);
  std::optional<ValidateResult> refused_offline_client(const ClientAddress& client);
  std::chrono::milliseconds claim_ttl_from_now() const;
  std::string offline_extras(const std::string& challenge) const;
  ValidateResult rejected_offline(Reason reason, std::string detail = {});

  const CaptchaOptions options_;
  GeetestClient& client_;
  StatusKeeper* keeper_;
  const offline::ChallengeSigner& signer_;
  offline::ChallengeLedger& ledger_;
  offline::RateLimiter& limiter_;
  BypassObserver& observer_;
};

}  // namespace gt3::engine
