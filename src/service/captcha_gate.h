// CaptchaGate: what /register and /validate decide (PROTOCOL.md sections 3-4, DESIGN.md sections
// 3-4), without any HTTP: `serve`'s routes and an embedding C++ server both call it. The mode
// comes from the status snapshot (or, in instant mode, a shared probe), never from a store round
// trip, and every challenge remembers the mode it was issued in:
//
//   register   online: register.php; a failed call answers offline at once and is a passive
//              health signal; an online challenge is noted as issued by this service.
//              offline: a signed challenge; the answer also names the offline policy and, for
//              `pow`, carries the puzzle.
//   validate   a challenge signed by us: the offline policy, whatever the status now;
//              a 32-hex online challenge: validate.php while online; when the cloud cannot be
//              reached (or the status is offline), the online fallback: accept once when this
//              service issued it, or reject; anything else: forged (accepted only by `none`
//              while offline). Every acceptance is claimed once in the single-use ledger.
//
// The coroutines run on the caller's executor and never block it; cloud calls, the ledger and
// the instant check resume them there. Thread-safe; everything given to the constructor must
// outlive it and every call in flight.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <string>

#include "gt3/geetest_client.h"
#include "offline/challenge_ledger.h"
#include "offline/offline_policy.h"
#include "offline/proof_of_work.h"
#include "offline/rate_limiter.h"
#include "offline/signed_challenge.h"
#include "service/service_metrics.h"
#include "service/status_keeper.h"

namespace gt3::service {

struct CaptchaOptions {
  offline::OfflinePolicy policy = offline::OfflinePolicy::kCompat;
  int pow_difficulty = offline::kDefaultPowDifficulty;
  std::chrono::seconds challenge_ttl{300};
  bool accept_issued_when_unreachable = true;  // offline.online_fallback = issued
  bool failback = false;                       // bypass.mode = failback: no status, always try
};

// What /register answers: the result, and the JSON for the browser (the official fields, plus
// `offline_policy` and, for `pow`, the puzzle when offline).
struct RegisterAnswer {
  RegisterResult result;
  std::string json;
};

class CaptchaGate {
 public:
  // `keeper` is null in failback mode.
  CaptchaGate(CaptchaOptions options, GeetestClient& client, StatusKeeper* keeper,
              const offline::ChallengeSigner& signer, offline::ChallengeLedger& ledger,
              offline::RateLimiter& limiter, ServiceMetrics& metrics);

  boost::asio::awaitable<RegisterAnswer> register_challenge(RegisterParams params);

  // `user` is what is forwarded to the cloud; `client_address` is the address the request came
  // from as the server saw it (the rate limit's key while offline: never a field the client
  // chose).
  boost::asio::awaitable<ValidateResult> validate(ValidateForm form, UserInfo user,
                                                  std::string client_address);

 private:
  boost::asio::awaitable<CaptchaMode> current_mode();
  boost::asio::awaitable<ValidateResult> validate_signed(const ValidateForm& form,
                                                         const Result<Clock::WallTime>& signature,
                                                         const std::string& client);
  boost::asio::awaitable<ValidateResult> validate_online(const ValidateForm& form,
                                                         const UserInfo& user);
  boost::asio::awaitable<ValidateResult> fall_back(const ValidateForm& form, Reason why);
  boost::asio::awaitable<ValidateResult> claim_once(const std::string& challenge,
                                                    ValidateResult accepted);
  std::string offline_extras(const std::string& challenge) const;
  ValidateResult rejected_offline(Reason reason, std::string detail = {});

  const CaptchaOptions options_;
  GeetestClient& client_;
  StatusKeeper* keeper_;
  const offline::ChallengeSigner& signer_;
  offline::ChallengeLedger& ledger_;
  offline::RateLimiter& limiter_;
  ServiceMetrics& metrics_;
};

}  // namespace gt3::service
