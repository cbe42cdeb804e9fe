// Primary verification, /register (docs/protocol.md section 3): the register.php request, the parse
// of its answer, and the JSON answer for the browser. Pure functions; no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gt3/captcha_mode.h"
#include "gt3/digest.h"
#include "gt3/reason.h"
#include "gt3/result.h"
#include "gt3/user_info.h"

namespace gt3 {

struct RegisterParams {
  std::optional<DigestMod> digestmod;  // nullopt: the configured default
  UserInfo user;
};

// GET URL of register.php under `api_url` (e.g. "http://api.geetest.com"): gt, json_format=1,
// sdk, digestmod, then user_id, client_type and ip_address when set; every value URL-encoded.
std::string register_url(std::string_view api_url, std::string_view captcha_id, DigestMod mod,
                         const UserInfo& user);

// The origin challenge from register.php's JSON answer {"challenge": "<32 hex>"}. Errors:
// kNotJson, kWrongType (not an object, or challenge not a string), kChallengeMissing,
// kChallengeEmpty, kChallengeZero ("0": unknown id or cloud trouble), kChallengeMalformed (not
// 32 hex digits). Every error means: serve offline.
Result<std::string> parse_register_answer(std::string_view body);

// What /register answers: the challenge the browser gets and the mode it runs in.
struct RegisterResult {
  CaptchaMode mode = CaptchaMode::kOffline;
  std::string gt;               // captcha id
  std::string challenge;        // digest (online) or local challenge (offline)
  Reason reason = Reason::kOk;  // why offline; kOk when online
  std::string detail;           // more on `reason`, for logs

  static RegisterResult online(std::string gt, std::string challenge);
  static RegisterResult offline(std::string gt, std::string challenge, Error why);

  // Exactly the JSON gt.js expects, in this order:
  //   {"success":1|0,"gt":"...","challenge":"...","new_captcha":true}
  std::string to_json() const;
};

}  // namespace gt3
