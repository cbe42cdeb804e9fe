#include "gt3/register.h"

#include <nlohmann/json.hpp>

#include "gt3/version.h"
#include "sdk/cloud_answer.h"
#include "sdk/form_encoding.h"
#include "sdk/hex.h"

namespace gt3 {

std::string register_url(std::string_view api_url, std::string_view captcha_id, DigestMod mod,
                         const UserInfo& user) {
  std::string url(without_trailing_slashes(api_url));
  url += "/register.php?";
  url += FormEncoder()
             .add("gt", captcha_id)
             .add("json_format", "1")
             .add("sdk", kSdkVersion)
             .add("digestmod", digestmod_name(mod))
             .add_user_info(user)
             .str();
  return url;
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
  nlohmann::ordered_json json;
  json["success"] = mode == CaptchaMode::kOnline ? 1 : 0;
  json["gt"] = gt;
  json["challenge"] = challenge;
  json["new_captcha"] = true;
  return json.dump();
}

}  // namespace gt3
