#include "gt3/validate.h"

#include "gt3/version.h"
#include "sdk/cloud_answer.h"
#include "sdk/form_encoding.h"
#include "sdk/json_text.h"

namespace gt3 {

bool is_blank(std::string_view value) {
  return value.find_first_not_of(" \t\n\v\f\r") == std::string_view::npos;
}

std::optional<std::string_view> first_blank_field(const ValidateForm& form) {
  if (is_blank(form.challenge)) return "geetest_challenge";
  if (is_blank(form.validate)) return "geetest_validate";
  if (is_blank(form.seccode)) return "geetest_seccode";
  return std::nullopt;
}

std::string validate_url(std::string_view api_url) {
  std::string url(without_trailing_slashes(api_url));
  url += "/validate.php";
  return url;
}

std::string validate_body(const ValidateForm& form, std::string_view captcha_id,
                          const UserInfo& user) {
  return FormEncoder()
      .add("seccode", form.seccode)
      .add("json_format", "1")
      .add("challenge", form.challenge)
      .add("sdk", kSdkVersion)
      .add("captchaid", captcha_id)
      .add_user_info(user)
      .str();
}

Result<void> parse_validate_answer(std::string_view body) {
  const Result<std::string> seccode =
      string_field_of_answer(body, "seccode", Reason::kSeccodeMissing);
  if (!seccode) return seccode.error();
  if (seccode->empty()) return Error{Reason::kSeccodeEmpty, {}};
  if (*seccode == "false") return Error{Reason::kSeccodeFalse, {}};
  return {};
}

ValidateResult ValidateResult::accepted(CaptchaMode mode) { return {true, mode, Reason::kOk, {}}; }

ValidateResult ValidateResult::rejected(CaptchaMode mode, Error why) {
  return {false, mode, why.reason, std::move(why.detail)};
}

std::string ValidateResult::to_json() const {
  std::string out;
  out.reserve(64);
  out += success ? R"({"result":"success","version":)" : R"({"result":"fail","version":)";
  append_json_string(out, kSdkVersion);
  if (!success) {
    // Details about the user's own input help the page; details about the cloud (its failures,
    // and the refusals it answered) stay in logs.
    const bool from_the_cloud = is_cloud_failure(reason) || reason == Reason::kRequestRefused;
    std::string msg(reason_message(reason));
    if (!from_the_cloud && !detail.empty()) msg += " (" + detail + ")";
    out += R"(,"msg":)";
    append_json_string(out, msg);
    out += R"(,"reason":)";
    append_json_string(out, reason_name(reason));
  }
  out += '}';
  return out;
}

}  // namespace gt3
