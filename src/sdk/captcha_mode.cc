#include "gt3/captcha_mode.h"

namespace gt3 {

std::string_view captcha_mode_name(CaptchaMode mode) {
  return mode == CaptchaMode::kOnline ? "online" : "offline";
}

}  // namespace gt3
