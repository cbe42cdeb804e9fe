#include "engine/captcha_gate.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "engine/await_callback.h"
#include "gt3/request_checks.h"
#include "http/response.h"
#include "offline/proof_of_work.h"
#include "sdk/hex.h"

namespace gt3::engine {
namespace {

using boost::asio::awaitable;
using SteadyClock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// A claim is kept this much longer than its challenge lives, so that the challenge expires
// before its ledger entry.
constexpr milliseconds kClaimMargin = std::chrono::minutes(1);

// md5 digests are 32 hex digits, sha256 and hmac-sha256 ones 64.
bool is_online_challenge_shape(std::string_view challenge) {
  return (challenge.size() == 32 || challenge.size() == 64) && is_lower_hex(challenge);
}

}  // namespace

CaptchaGate::CaptchaGate(CaptchaOptions options, GeetestClient& client, StatusKeeper* keeper,
                         const offline::ChallengeSigner& signer, offline::ChallengeLedger& ledger,
                         offline::RateLimiter& limiter, BypassObserver& observer)
    : options_(options),
      client_(client),
      keeper_(keeper),
      signer_(signer),
      ledger_(ledger),
      limiter_(limiter),
      observer_(observer) {}

std::optional<CaptchaMode> CaptchaGate::mode_at_once() const {
  if (!keeper_) return CaptchaMode::kOnline;  // failback: every request tries the cloud
  return keeper_->mode_now();
}

awaitable<CaptchaMode> CaptchaGate::current_mode() {
  if (const auto now = mode_at_once()) co_return *now;
  co_return co_await await_callback<CaptchaMode>(
      [this](std::function<void(CaptchaMode)> done) { keeper_->check(std::move(done)); });
}

awaitable<RegisterAnswer> CaptchaGate::register_challenge(RegisterParams params) {
  if (auto checked = check_user_info(params.user); !checked) {
    co_return RegisterAnswer{{}, http::Response::bad_request(checked.error()).body, 400};
  }
  RegisterResult result;
  std::optional<CaptchaMode> mode = mode_at_once();
  if (!mode) mode = co_await current_mode();
  if (*mode == CaptchaMode::kOnline) {
    const auto started = SteadyClock::now();
    result = co_await await_later<RegisterResult>(
        [&](std::function<void(RegisterResult)> done) {
          client_.register_online(params, std::move(done));
        },
        Resume::kInline);
    observer_.on_cloud_call(CloudCall::kRegister, result.reason, SteadyClock::now() - started);
    if (keeper_) keeper_->availability().on_cloud_call(result.reason);
    if (result.mode == CaptchaMode::kOnline) {
      ledger_.note_issued(result.challenge, options_.challenge_ttl);
    } else if (!is_cloud_failure(result.reason)) {
      // The cloud refused this request (4xx): a verdict on the request, not an outage. What the
      // cloud said stays in the log.
      spdlog::info("cloud: register.php refused a request: {}", result.detail);
      co_return RegisterAnswer{
          result,
          http::Response::error(502, reason_name(result.reason), reason_message(result.reason))
              .body,
          502};
    } else {
      spdlog::warn("cloud: register.php failed, answering offline: {} ({})",
                   reason_name(result.reason), result.detail);
      // While the status says online, one failed call proves nothing a client could not have
      // provoked: the challenge passes only if this service runs offline at some moment since.
      if (keeper_) result.challenge = signer_.issue(offline::ChallengeKind::kProvisional);
    }
  } else {
    result = client_.register_offline({Reason::kCloudUnavailable, "status offline"});
  }
  observer_.on_register(result.mode);

  std::string body = result.to_json();
  if (result.mode == CaptchaMode::kOffline) {
    body.pop_back();  // extra fields before the closing brace; gt.js ignores them
    body += offline_extras(result.challenge);
    body += '}';
  }
  co_return RegisterAnswer{std::move(result), std::move(body)};
}

std::string CaptchaGate::offline_extras(const std::string& challenge) const {
  std::string out =
      ",\"offline_policy\":\"" + std::string(gt3::offline_policy_name(options_.policy)) + "\"";
  if (options_.policy == gt3::OfflinePolicy::kPow) {
    const auto expires = std::chrono::system_clock::now() + options_.challenge_ttl;
    const nlohmann::json pow{
        {"algorithm", "SHA-256"},
        {"challenge", challenge},
        {"difficulty", options_.pow_difficulty},
        {"nonce", "decimal"},
        {"expires",
         std::chrono::duration_cast<std::chrono::seconds>(expires.time_since_epoch()).count()}};
    out += ",\"pow\":" + pow.dump();
  }
  return out;
}

awaitable<ValidateResult> CaptchaGate::validate(ValidateForm form, UserInfo user,
                                                ClientAddress client) {
  ValidateResult result;
  const auto signature = signer_.verify(form.challenge);
  const bool signed_by_us =
      signature.has_value() || signature.error().reason == Reason::kChallengeExpired;
  const CaptchaMode checked_as = signed_by_us ? CaptchaMode::kOffline : CaptchaMode::kOnline;
  const bool online_shape = !signed_by_us && is_online_challenge_shape(form.challenge);
  Result<void> shape = check_user_info(user);
  if (shape && online_shape) shape = check_online_solution(form);
  if (shape && !online_shape) shape = check_offline_solution(form);
  if (const auto blank = first_blank_field(form)) {
    const Error why{Reason::kBlankField, std::string(*blank) + " is missing or blank"};
    result = signed_by_us ? rejected_offline(why.reason, why.detail)
                          : ValidateResult::rejected(CaptchaMode::kOnline, why);
  } else if (!shape) {
    // Refused before any cloud call: a bot's made-up fields cost the cloud nothing.
    result = ValidateResult::rejected(checked_as, shape.error());
  } else if (signed_by_us) {
    result = co_await validate_signed(form, signature, client);
  } else if (online_shape) {
    result = co_await validate_online(form, user, client);
  } else {
    result = co_await validate_unknown(form, signature, client);
  }
  observer_.on_validate(result.mode, result.success);
  co_return result;
}

ValidateResult CaptchaGate::rejected_offline(Reason reason, std::string detail) {
  observer_.on_offline_rejection(reason);
  return ValidateResult::rejected(CaptchaMode::kOffline, {reason, std::move(detail)});
}

// What every offline pass needs of its client: an address to count it against, and tokens left.
std::optional<ValidateResult> CaptchaGate::refused_offline_client(const ClientAddress& client) {
  if (!client.attributed) {
    // The proxy's own address goes to the log, not to the end user's answer.
    spdlog::warn(
        "offline: refusing a validation from {}: a trusted proxy that sends no usable "
        "X-Forwarded-For",
        client.address);
    return rejected_offline(Reason::kClientUnattributed);
  }
  if (!limiter_.allow(client.address)) return rejected_offline(Reason::kRateLimited);
  return std::nullopt;
}

milliseconds CaptchaGate::claim_ttl_from_now() const {
  return std::chrono::duration_cast<milliseconds>(options_.challenge_ttl) + kClaimMargin;
}

awaitable<ValidateResult> CaptchaGate::validate_signed(
    const ValidateForm& form, const Result<offline::SignedChallenge>& signature,
    const ClientAddress& client) {
  using gt3::OfflinePolicy;
  if (options_.policy == OfflinePolicy::kDeny) co_return rejected_offline(Reason::kOfflineDenied);
  if (!signature) co_return rejected_offline(signature.error().reason, signature.error().detail);
  if (signature->kind == offline::ChallengeKind::kProvisional) {
    // Handed out after one failed call while the status said online: it passes once this
    // service has itself run offline at some moment since, which no client can provoke.
    // Failback mode keeps no status, so nothing there can vouch for one (it issues none, but
    // one may come from before a change of mode).
    (void)co_await current_mode();  // in instant mode, the check refreshes the snapshot
    if (!keeper_ || !keeper_->availability().snapshot()->offline_since(signature->issued)) {
      co_return rejected_offline(Reason::kChallengeProvisional);
    }
  }
  if (auto refused = refused_offline_client(client)) co_return std::move(*refused);
  if (options_.policy == OfflinePolicy::kPow) {
    auto solved =
        offline::check_proof_of_work(form.challenge, form.validate, options_.pow_difficulty);
    if (!solved) co_return rejected_offline(solved.error().reason, solved.error().detail);
  }
  // Every claim of one challenge ends at the same moment: its expiry plus the margin.
  co_return co_await claim_once(form.challenge, signer_.lifetime_left(*signature) + kClaimMargin,
                                ValidateResult::accepted(CaptchaMode::kOffline));
}

// Neither ours nor an online digest: forged, except that `none` takes anything while offline.
awaitable<ValidateResult> CaptchaGate::validate_unknown(
    const ValidateForm& form, const Result<offline::SignedChallenge>& signature,
    const ClientAddress& client) {
  if (options_.policy == gt3::OfflinePolicy::kNone) {
    std::optional<CaptchaMode> mode = mode_at_once();
    if (!mode) mode = co_await current_mode();
    if (*mode == CaptchaMode::kOffline) {
      if (auto refused = refused_offline_client(client)) co_return std::move(*refused);
      co_return co_await claim_once(form.challenge, claim_ttl_from_now(),
                                    ValidateResult::accepted(CaptchaMode::kOffline));
    }
  }
  co_return rejected_offline(Reason::kChallengeForged, signature.error().detail);
}

awaitable<ValidateResult> CaptchaGate::claim_once(const std::string& challenge, milliseconds ttl,
                                                  ValidateResult accepted) {
  const auto claim =
      co_await await_callback<offline::Claim>([&](std::function<void(offline::Claim)> done) {
        ledger_.claim(challenge, ttl, std::move(done));
      });
  switch (claim) {
    case offline::Claim::kFirst:
      co_return accepted;
    case offline::Claim::kReplay:
      co_return rejected_offline(Reason::kChallengeReplayed);
    case offline::Claim::kTooOld:
      // The ledger is under pressure and forgot claims this old: it cannot tell a replay.
      co_return rejected_offline(Reason::kChallengeExpired,
                                 "older than what the single-use ledger remembers under load");
    case offline::Claim::kUnavailable:
      break;
  }
  spdlog::warn("offline: the single-use ledger is unavailable; refusing a validation");
  co_return rejected_offline(Reason::kLedgerUnavailable);
}

awaitable<ValidateResult> CaptchaGate::validate_online(const ValidateForm& form,
                                                       const UserInfo& user,
                                                       const ClientAddress& client) {
  std::optional<CaptchaMode> mode = mode_at_once();
  if (!mode) mode = co_await current_mode();
  if (*mode == CaptchaMode::kOffline) {
    // The cloud is down: a user who solved an online puzzle just before must not wait for it.
    co_return co_await fall_back(form, Reason::kCloudUnavailable, client);
  }
  const auto started = SteadyClock::now();
  ValidateResult result =
      co_await await_later<ValidateResult>(
          [&](std::function<void(ValidateResult)> done) {
            client_.validate_online(form, user, std::move(done));
          },
          Resume::kInline);
  observer_.on_cloud_call(CloudCall::kValidate, result.reason, SteadyClock::now() - started);
  if (keeper_) keeper_->availability().on_cloud_call(result.reason);
  if (result.success) {
    // The cloud checks its own single use; the ledger also covers a fleet falling back later.
    // Its expiry is at least the challenge's, so a later exact claim of it is never after it.
    co_return co_await claim_once(form.challenge, claim_ttl_from_now(), std::move(result));
  }
  // A verdict, or a refusal the request caused (4xx): never a reason to be more lenient.
  if (!is_cloud_failure(result.reason)) co_return result;
  spdlog::warn("cloud: validate.php failed: {} ({})", reason_name(result.reason), result.detail);
  co_return co_await fall_back(form, result.reason, client);
}

awaitable<ValidateResult> CaptchaGate::fall_back(const ValidateForm& form, Reason why,
                                                 const ClientAddress& client) {
  using gt3::OfflinePolicy;
  // `deny` accepts nothing the cloud has not checked, whatever online_fallback says.
  if (options_.policy == OfflinePolicy::kDeny) {
    co_return rejected_offline(Reason::kOfflineDenied, std::string(reason_name(why)));
  }
  // Every offline pass under `pow` costs work: the page fetches an offline challenge instead.
  if (options_.policy == OfflinePolicy::kPow) {
    co_return rejected_offline(Reason::kOfflineChallengeNeeded, std::string(reason_name(why)));
  }
  const bool anything = options_.policy == OfflinePolicy::kNone;
  if (!anything && !options_.accept_issued_when_unreachable) {
    co_return rejected_offline(Reason::kCloudUnavailable, std::string(reason_name(why)));
  }
  if (auto refused = refused_offline_client(client)) co_return std::move(*refused);
  if (anything) {
    co_return co_await claim_once(form.challenge, claim_ttl_from_now(),
                                  ValidateResult::accepted(CaptchaMode::kOffline));
  }
  const auto remaining = co_await await_callback<std::optional<milliseconds>>(
      [&](std::function<void(std::optional<milliseconds>)> done) {
        ledger_.was_issued(form.challenge, std::move(done));
      });
  if (!remaining) co_return rejected_offline(Reason::kChallengeNotIssued);
  co_return co_await claim_once(form.challenge, *remaining + kClaimMargin,
                                ValidateResult::accepted(CaptchaMode::kOffline));
}

}  // namespace gt3::engine
