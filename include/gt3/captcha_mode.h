// CaptchaMode: whether a challenge is served and checked by the GeeTest cloud (online) or by
// this server alone (offline, GeeTest's "downtime mode").
#pragma once

#include <string_view>

namespace gt3 {

enum class CaptchaMode { kOnline, kOffline };

// "online" or "offline".
std::string_view captcha_mode_name(CaptchaMode mode);

}  // namespace gt3
