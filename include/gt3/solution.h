// How the three fields of a solved v3 captcha are formed (docs/protocol.md section 4).
//
// The cloud side of these rules lives in the simulator; the widget's offline answer too. They are
// here, in one place, so that the simulator, the widget tests and the validators agree.
#pragma once

#include <string>
#include <string_view>

#include "gt3/secret.h"

namespace gt3 {

// The three form fields that the page posts to /validate.
struct ValidateForm {
  std::string challenge;  // geetest_challenge
  std::string validate;   // geetest_validate
  std::string seccode;    // geetest_seccode
};

// Online, older SDKs' local check: validate == hex(md5(private_key + "geetest" + challenge)).
std::string online_validate_for(const Secret& private_key, std::string_view challenge);

// The seccode that goes with a validate: validate + "|jordan".
std::string seccode_for(std::string_view validate);

// What the cloud answers for an accepted seccode: hex(md5(seccode)).
std::string accepted_seccode_answer(std::string_view seccode);

// Offline, the SDK generation before ByPass: validate == hex(md5(challenge)). Anyone can compute
// it; it only proves that the client read the challenge.
std::string offline_validate_for(std::string_view challenge);

}  // namespace gt3
