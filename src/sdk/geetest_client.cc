#include "gt3/geetest_client.h"

#include <utility>

#include "gt3/local_challenge.h"

namespace gt3 {
namespace {

// The HTTP client's transport reason passes through, but a 4xx is the cloud's verdict on the
// request we sent (too large, refused, rate limited), which a client can provoke; only the other
// statuses say the cloud itself broke.
Error error_for(const HttpError& error) {
  std::string detail = error.detail;
  Reason reason = error.reason;
  if (error.reason == Reason::kHttpStatus) {
    detail = "HTTP " + std::to_string(error.status) + (detail.empty() ? "" : ": " + detail);
    if (error.status >= 400 && error.status < 500) reason = Reason::kRequestRefused;
  }
  return Error{reason, std::move(detail)};
}

}  // namespace

GeetestClient::GeetestClient(GeetestConfig config, HttpClient& http,
                             ChallengeSource offline_challenges)
    : config_(std::move(config)), http_(http), offline_challenges_(std::move(offline_challenges)) {}

GeetestClient::ChallengeSource GeetestClient::random_challenge_source() {
  return [] { return random_local_challenge(); };
}

void GeetestClient::register_online(const RegisterParams& params, RegisterHandler done) const {
  const DigestMod mod = params.digestmod.value_or(config_.digestmod);
  HttpRequest request;
  request.method = HttpMethod::kGet;
  request.url = register_url(config_.api_url, config_.captcha_id, mod, params.user);
  request.deadline = config_.timeout;
  http_.send(std::move(request), [this, mod, done = std::move(done)](HttpOutcome outcome) {
    if (!outcome) {
      done(register_offline(error_for(outcome.error())));
      return;
    }
    Result<std::string> origin = parse_register_answer(outcome->body);
    if (!origin) {
      done(register_offline(std::move(origin.error())));
      return;
    }
    done(RegisterResult::online(config_.captcha_id,
                                challenge_digest(mod, *origin, config_.private_key)));
  });
}

RegisterResult GeetestClient::register_offline(Error why) const {
  return RegisterResult::offline(config_.captcha_id, offline_challenges_(), std::move(why));
}

void GeetestClient::validate_online(const ValidateForm& form, const UserInfo& user,
                                    ValidateHandler done) const {
  if (auto blank = first_blank_field(form)) {
    done(ValidateResult::rejected(CaptchaMode::kOnline,
                                  {Reason::kBlankField, std::string(*blank) + " is blank"}));
    return;
  }
  HttpRequest request;
  request.method = HttpMethod::kPost;
  request.url = validate_url(config_.api_url);
  request.content_type = kFormContentType;
  request.body = validate_body(form, config_.captcha_id, user);
  request.deadline = config_.timeout;
  http_.send(std::move(request), [done = std::move(done)](HttpOutcome outcome) {
    if (!outcome) {
      done(ValidateResult::rejected(CaptchaMode::kOnline, error_for(outcome.error())));
      return;
    }
    Result<void> verdict = parse_validate_answer(outcome->body);
    done(verdict ? ValidateResult::accepted(CaptchaMode::kOnline)
                 : ValidateResult::rejected(CaptchaMode::kOnline, std::move(verdict.error())));
  });
}

ValidateResult GeetestClient::validate_offline(const ValidateForm& form) const {
  if (auto blank = first_blank_field(form)) {
    return ValidateResult::rejected(CaptchaMode::kOffline,
                                    {Reason::kBlankField, std::string(*blank) + " is blank"});
  }
  return ValidateResult::accepted(CaptchaMode::kOffline);
}

}  // namespace gt3
