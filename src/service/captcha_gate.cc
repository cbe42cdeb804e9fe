#include "service/captcha_gate.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "offline/proof_of_work.h"
#include "service/await_callback.h"

namespace gt3::service {
namespace {

using boost::asio::awaitable;
using SteadyClock = std::chrono::steady_clock;

// md5 digests are 32 hex digits, sha256 and hmac-sha256 ones 64.
bool is_online_challenge_shape(std::string_view challenge) {
  return (challenge.size() == 32 || challenge.size() == 64) &&
         challenge.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace

CaptchaGate::CaptchaGate(CaptchaOptions options, GeetestClient& client, StatusKeeper* keeper,
                         const offline::ChallengeSigner& signer, offline::ChallengeLedger& ledger,
                         offline::RateLimiter& limiter, ServiceMetrics& metrics)
    : options_(options),
      client_(client),
      keeper_(keeper),
      signer_(signer),
      ledger_(ledger),
      limiter_(limiter),
      metrics_(metrics) {}

awaitable<CaptchaMode> CaptchaGate::current_mode() {
  if (!keeper_) co_return CaptchaMode::kOnline;  // failback: every request tries the cloud
  co_return co_await await_callback<CaptchaMode>(
      [this](std::function<void(CaptchaMode)> done) { keeper_->check(std::move(done)); });
}

awaitable<RegisterAnswer> CaptchaGate::register_challenge(RegisterParams params) {
  RegisterResult result;
  const CaptchaMode mode = co_await current_mode();
  if (mode == CaptchaMode::kOnline) {
    const auto started = SteadyClock::now();
    result = co_await await_callback<RegisterResult>([&](std::function<void(RegisterResult)> done) {
      client_.register_online(params, std::move(done));
    });
    metrics_.cloud_call(CloudCall::kRegister, result.reason, SteadyClock::now() - started);
    if (keeper_) keeper_->availability().on_cloud_call(result.reason);
    if (result.mode == CaptchaMode::kOnline) {
      ledger_.note_issued(result.challenge, options_.challenge_ttl);
    } else {
      spdlog::warn("cloud: register.php failed, answering offline: {} ({})",
                   reason_name(result.reason), result.detail);
    }
  } else {
    result = client_.register_offline({Reason::kCloudUnavailable, "status offline"});
  }
  metrics_.captcha(Route::kRegister, result.mode, true);

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
      ",\"offline_policy\":\"" + std::string(offline::policy_name(options_.policy)) + "\"";
  if (options_.policy == offline::OfflinePolicy::kPow) {
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
                                                std::string client_address) {
  ValidateResult result;
  const auto signature = signer_.verify(form.challenge);
  const bool signed_by_us =
      signature.has_value() || signature.error().reason == Reason::kChallengeExpired;
  if (const auto blank = first_blank_field(form)) {
    const Error why{Reason::kBlankField, std::string(*blank) + " is missing or blank"};
    result = signed_by_us ? rejected_offline(why.reason, why.detail)
                          : ValidateResult::rejected(CaptchaMode::kOnline, why);
  } else if (signed_by_us) {
    result = co_await validate_signed(form, signature, client_address);
  } else if (is_online_challenge_shape(form.challenge)) {
    result = co_await validate_online(form, user);
  } else if (options_.policy == offline::OfflinePolicy::kNone) {
    // `none` takes anything while offline; while online the cloud is asked as usual.
    // (No co_await inside ?: here: GCC 12 miscompiles temporaries of a conditional co_await.)
    const CaptchaMode mode = co_await current_mode();
    if (mode == CaptchaMode::kOffline) {
      result = ValidateResult::accepted(CaptchaMode::kOffline);
    } else {
      result = co_await validate_online(form, user);
    }
  } else {
    result = rejected_offline(Reason::kChallengeForged, signature.error().detail);
  }
  metrics_.captcha(Route::kValidate, result.mode, result.success);
  co_return result;
}

ValidateResult CaptchaGate::rejected_offline(Reason reason, std::string detail) {
  metrics_.offline_rejection(reason);
  return ValidateResult::rejected(CaptchaMode::kOffline, {reason, std::move(detail)});
}

awaitable<ValidateResult> CaptchaGate::validate_signed(const ValidateForm& form,
                                                       const Result<Clock::WallTime>& signature,
                                                       const std::string& client) {
  using offline::OfflinePolicy;
  if (options_.policy == OfflinePolicy::kDeny) co_return rejected_offline(Reason::kOfflineDenied);
  if (!signature) co_return rejected_offline(signature.error().reason, signature.error().detail);
  if (!limiter_.allow(client)) co_return rejected_offline(Reason::kRateLimited);
  if (options_.policy == OfflinePolicy::kNone) {
    co_return ValidateResult::accepted(CaptchaMode::kOffline);
  }
  if (options_.policy == OfflinePolicy::kPow) {
    auto solved =
        offline::check_proof_of_work(form.challenge, form.validate, options_.pow_difficulty);
    if (!solved) co_return rejected_offline(solved.error().reason, solved.error().detail);
  }
  co_return co_await claim_once(form.challenge, ValidateResult::accepted(CaptchaMode::kOffline));
}

awaitable<ValidateResult> CaptchaGate::claim_once(const std::string& challenge,
                                                  ValidateResult accepted) {
  // Kept a little longer than a challenge lives, so that it expires before its ledger entry.
  const auto ttl = std::chrono::duration_cast<std::chrono::milliseconds>(options_.challenge_ttl) +
                   std::chrono::minutes(1);
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
      co_return rejected_offline(Reason::kChallengeExpired);
    case offline::Claim::kUnavailable:
      break;
  }
  spdlog::warn("offline: the single-use ledger is unavailable; refusing a validation");
  co_return rejected_offline(Reason::kLedgerUnavailable);
}

awaitable<ValidateResult> CaptchaGate::validate_online(const ValidateForm& form,
                                                       const UserInfo& user) {
  const CaptchaMode mode = co_await current_mode();
  if (mode == CaptchaMode::kOffline) {
    // The cloud is down: a user who solved an online puzzle just before must not wait for it.
    co_return co_await fall_back(form, Reason::kCloudUnavailable);
  }
  const auto started = SteadyClock::now();
  ValidateResult result =
      co_await await_callback<ValidateResult>([&](std::function<void(ValidateResult)> done) {
        client_.validate_online(form, user, std::move(done));
      });
  metrics_.cloud_call(CloudCall::kValidate, result.reason, SteadyClock::now() - started);
  if (keeper_) keeper_->availability().on_cloud_call(result.reason);
  if (result.success) {
    // The cloud checks its own single use; the ledger also covers a fleet falling back later.
    co_return co_await claim_once(form.challenge, std::move(result));
  }
  if (!is_cloud_failure(result.reason)) co_return result;
  spdlog::warn("cloud: validate.php failed: {} ({})", reason_name(result.reason), result.detail);
  co_return co_await fall_back(form, result.reason);
}

awaitable<ValidateResult> CaptchaGate::fall_back(const ValidateForm& form, Reason why) {
  if (options_.policy == offline::OfflinePolicy::kNone) {
    co_return ValidateResult::accepted(CaptchaMode::kOffline);
  }
  // `deny` accepts nothing the cloud has not checked, whatever online_fallback says.
  if (options_.policy == offline::OfflinePolicy::kDeny) {
    co_return rejected_offline(Reason::kOfflineDenied, std::string(reason_name(why)));
  }
  if (!options_.accept_issued_when_unreachable) {
    co_return rejected_offline(Reason::kCloudUnavailable, std::string(reason_name(why)));
  }
  const auto remaining = co_await await_callback<std::optional<std::chrono::milliseconds>>(
      [&](std::function<void(std::optional<std::chrono::milliseconds>)> done) {
        ledger_.was_issued(form.challenge, std::move(done));
      });
  if (!remaining.has_value()) co_return rejected_offline(Reason::kChallengeNotIssued);
  co_return co_await claim_once(form.challenge, ValidateResult::accepted(CaptchaMode::kOffline));
}

}  // namespace gt3::service
