#include "gt3/register.h"

#include "gt3/version.h"
#include "sdk/cloud_answer.h"
#include "sdk/form_encoding.h"
#include "sdk/hex.h"
#include "sdk/json_text.h"

namespace gt3 {

std::string register_url(std::string_view api_url, std::string_view captcha_id, DigestMod mod,
                         const UserInfo& user) {
  const std::string_view base = without_trailing_slashes(api_url);
  std::string url;
  url.reserve(base.size() + 300);  // the whole URL, once
  url += base;
  url += "/register.php?";
  return std::move(FormEncoder(std::move(url))
                       .add("gt", captcha_id)
                       .add("json_format", "1")
                       .add("sdk", kSdkVersion)
                       .add("digestmod", digestmod_name(mod))
                       .add_user_info(user))
      .str();
}

Result<std::string> parse_register_answer(std::string_view body) {
  Result<std::string> field = string_field_of_answer(body, "challenge", Reason::kChallengeMissing);
  if (!field) return field;
  const std::string& challenge = *field;
  if (challenge.empty()) return Error{Reason::kChallengeEmpty, {}};
  if (challenge == "0") return Error{Reason::kChallengeZero, {}};
  if (challenge.size() != 32 || !is_hex(challenge)) {
    return Error{Reason::kChallengeMalformed, "challenge: " + excerpt(challenge)};
  }
  return field;
}

RegisterResult RegisterResult::online(std::string gt, std::string challenge) {
  return {CaptchaMode::kOnline, std::move(gt), std::move(challenge), Reason::kOk, {}};
}

RegisterResult RegisterResult::offline(std::string gt, std::string challenge, Error why) {
  return {CaptchaMode::kOffline, std::move(gt), std::move(challenge), why.reason,
          std::move(why.detail)};
}

std::string RegisterResult::to_json() const {
  std::string out;
  out.reserve(160);  // room for the offline fields CaptchaGate appends
  out += mode == CaptchaMode::kOnline ? R"({"success":1,"gt":)" : R"({"success":0,"gt":)";
  append_json_string(out, gt);
  out += R"(,"challenge":)";
  append_json_string(out, challenge);
  out += R"(,"new_captcha":true})";
  return out;
}

}  // namespace gt3
