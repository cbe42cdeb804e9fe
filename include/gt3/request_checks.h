// What a customer server accepts from its clients before it spends a call to the GeeTest cloud.
//
// A client must never be able to make a cloud call fail by what it sends (an oversized or
// malformed field that the cloud's front end refuses), and a bot should not cost a cloud call for
// an answer that cannot be right. So every field a request carries is checked here first, and a
// field out of shape is refused locally with kInvalidParameter or kMalformedSolution; the detail
// names the field and the rule. The limits:
//
//   user_id      at most kMaxUserIdBytes bytes, no control characters (forwarded as given; a
//                hash or an opaque id fits)
//   ip_address   empty, or an IPv4 or IPv6 address literal
//   client_type  at most kMaxClientTypeBytes bytes (unknown names are sent as "unknown")
//   digestmod    empty (the configured default), "md5", "sha256" or "hmac-sha256"
//   an online solution (a 32- or 64-hex challenge): geetest_validate is 32 hexadecimal digits
//                and geetest_seccode is exactly geetest_validate + "|jordan", as gt.js sends them
//   an offline solution: geetest_validate and geetest_seccode of at most kMaxOfflineFieldBytes
//
// With these limits the largest register.php URL and validate.php body stay far below the 8 KB a
// front end takes. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "gt3/digest.h"
#include "gt3/result.h"
#include "gt3/solution.h"
#include "gt3/user_info.h"

namespace gt3 {

inline constexpr std::size_t kMaxUserIdBytes = 128;
inline constexpr std::size_t kMaxClientTypeBytes = 16;
inline constexpr std::size_t kMaxOfflineFieldBytes = 128;

// user_id and ip_address of `user` (client_type is already one of the four names).
Result<void> check_user_info(const UserInfo& user);

// A client_type parameter: nullopt when empty, "unknown" for names the protocol does not know.
Result<std::optional<ClientType>> client_type_parameter(std::string_view text);

// A digestmod parameter: nullopt when empty (the configured default), else one of the three.
Result<std::optional<DigestMod>> digestmod_parameter(std::string_view text);

// geetest_validate and geetest_seccode of a solved online captcha (the challenge is not looked
// at: its shape chose the online path).
Result<void> check_online_solution(const ValidateForm& form);

// geetest_validate and geetest_seccode of an offline solution: bounded lengths only (each offline
// policy checks the content).
Result<void> check_offline_solution(const ValidateForm& form);

}  // namespace gt3
