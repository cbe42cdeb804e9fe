// Secondary verification, /validate (docs/protocol.md section 4): the blank check, the validate.php
// form, the parse of its answer, and the JSON answer of the route. Pure functions; no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gt3/captcha_mode.h"
#include "gt3/reason.h"
#include "gt3/result.h"
#include "gt3/solution.h"
#include "gt3/user_info.h"

namespace gt3 {

// Empty or only ASCII whitespace (the official SDKs' isBlank).
bool is_blank(std::string_view value);

// The form name of the first blank field ("geetest_challenge", "geetest_validate",
// "geetest_seccode"), or nullopt when all three are filled.
std::optional<std::string_view> first_blank_field(const ValidateForm& form);

// POST URL of validate.php under `api_url`.
std::string validate_url(std::string_view api_url);

// The application/x-www-form-urlencoded body for validate.php: seccode, json_format=1,
// challenge, sdk, captchaid, then user_id, client_type and ip_address when set.
std::string validate_body(const ValidateForm& form, std::string_view captcha_id,
                          const UserInfo& user);

inline constexpr std::string_view kFormContentType = "application/x-www-form-urlencoded";

// validate.php's JSON answer {"seccode": "..."}: success for any seccode but "false". Errors:
// kSeccodeFalse (GeeTest rejected the solution), and the cloud failures kNotJson, kWrongType,
// kSeccodeMissing, kSeccodeEmpty (the call failed; nothing is known about the solution).
Result<void> parse_validate_answer(std::string_view body);

// What /validate answers.
struct ValidateResult {
  bool success = false;
  CaptchaMode mode = CaptchaMode::kOffline;  // how the answer was checked
  Reason reason = Reason::kOk;               // why it failed; kOk on success
  std::string detail;                        // more on `reason`, for logs

  static ValidateResult accepted(CaptchaMode mode);
  static ValidateResult rejected(CaptchaMode mode, Error why);

  // {"result":"success","version":"<sdk>"} or
  // {"result":"fail","version":"<sdk>","msg":"<sentence>","reason":"<reason_name>"}
  std::string to_json() const;
};

}  // namespace gt3
