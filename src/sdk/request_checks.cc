#include "gt3/request_checks.h"

#include <boost/asio/ip/address.hpp>
#include <string>

#include "sdk/hex.h"

namespace gt3 {
namespace {

Error invalid(std::string_view field, std::string_view rule) {
  return Error{Reason::kInvalidParameter, std::string(field) + " " + std::string(rule)};
}

Error malformed(std::string_view field, std::string_view rule) {
  return Error{Reason::kMalformedSolution, std::string(field) + " " + std::string(rule)};
}

bool has_control_character(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return true;
  }
  return false;
}

}  // namespace

Result<void> check_user_info(const UserInfo& user) {
  if (user.user_id.size() > kMaxUserIdBytes) {
    return invalid("user_id", "is longer than " + std::to_string(kMaxUserIdBytes) +
                                  " bytes; send a shorter id or a hash of it");
  }
  if (has_control_character(user.user_id)) {
    return invalid("user_id", "contains a control character; send it without, or a hash of it");
  }
  if (!user.ip_address.empty()) {
    // Text without a colon can only be IPv4: read as such at once (make_address tries IPv6
    // first, a failed inet_pton per request).
    boost::system::error_code ec;
    if (user.ip_address.find(':') == std::string::npos) {
      (void)boost::asio::ip::make_address_v4(user.ip_address, ec);
    } else {
      (void)boost::asio::ip::make_address(user.ip_address, ec);
    }
    if (ec) return invalid("ip_address", "is not an IPv4 or IPv6 address; send the end user's");
  }
  return {};
}

Result<std::optional<ClientType>> client_type_parameter(std::string_view text) {
  if (text.empty()) return std::optional<ClientType>();
  if (text.size() > kMaxClientTypeBytes) {
    return invalid("client_type", "is longer than " + std::to_string(kMaxClientTypeBytes) +
                                      " bytes; send web, h5, native or unknown");
  }
  return std::optional<ClientType>(parse_client_type(text).value_or(ClientType::kUnknown));
}

Result<std::optional<DigestMod>> digestmod_parameter(std::string_view text) {
  if (text.empty()) return std::optional<DigestMod>();
  const auto mod = parse_digestmod(text);
  if (!mod) return invalid("digestmod", "is not md5, sha256 or hmac-sha256");
  return std::optional<DigestMod>(*mod);
}

Result<void> check_online_solution(const ValidateForm& form) {
  if (form.validate.size() != 32 || !is_hex(form.validate)) {
    return malformed("geetest_validate", "is not 32 hexadecimal digits");
  }
  if (form.seccode.size() != form.validate.size() + 7 || !form.seccode.starts_with(form.validate) ||
      !form.seccode.ends_with("|jordan")) {
    return malformed("geetest_seccode", "is not geetest_validate followed by \"|jordan\"");
  }
  return {};
}

Result<void> check_offline_solution(const ValidateForm& form) {
  // The rule is written only for a refusal: this runs on every offline validation.
  const auto too_long = [](std::string_view field) {
    return malformed(field, "is longer than " + std::to_string(kMaxOfflineFieldBytes) +
                                " bytes; let the captcha widget fill it in");
  };
  if (form.validate.size() > kMaxOfflineFieldBytes) return too_long("geetest_validate");
  if (form.seccode.size() > kMaxOfflineFieldBytes) return too_long("geetest_seccode");
  return {};
}

}  // namespace gt3
