#include "sdk/form_encoding.h"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace gt3 {

FormEncoder& FormEncoder::add(std::string_view name, std::string_view value) {
  if (!out_.empty()) out_ += '&';
  out_ += boost::urls::encode(name, boost::urls::unreserved_chars);
  out_ += '=';
  out_ += boost::urls::encode(value, boost::urls::unreserved_chars);
  return *this;
}

FormEncoder& FormEncoder::add_user_info(const UserInfo& user) {
  if (!user.user_id.empty()) add("user_id", user.user_id);
  if (user.client_type) add("client_type", client_type_name(*user.client_type));
  if (!user.ip_address.empty()) add("ip_address", user.ip_address);
  return *this;
}

std::string_view without_trailing_slashes(std::string_view api_url) {
  while (!api_url.empty() && api_url.back() == '/') api_url.remove_suffix(1);
  return api_url;
}

std::string excerpt(std::string_view body) {
  constexpr std::size_t kMax = 80;
  std::string out;
  for (char c : body.substr(0, kMax)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  if (body.size() > kMax) out += "...";
  return out;
}

}  // namespace gt3
