#include "sdk/form_encoding.h"

#include <algorithm>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "sdk/text.h"

namespace gt3 {

namespace {

constexpr auto kUnreservedByte = byte_table(boost::urls::unreserved_chars);

// Percent-encodes `text` onto the end of `out`, in place: no string of its own per piece.
void append_encoded(std::string& out, std::string_view text) {
  // Most values need no escape (ids, digests, "web", digits and dots): appended whole, without
  // encode()'s work per character.
  if (std::all_of(text.begin(), text.end(),
                  [](char c) { return kUnreservedByte[static_cast<unsigned char>(c)]; })) {
    out.append(text);
    return;
  }
  const std::size_t size = boost::urls::encoded_size(text, boost::urls::unreserved_chars);
  const std::size_t at = out.size();
  out.resize(at + size);
  boost::urls::encode(out.data() + at, size, text, boost::urls::unreserved_chars);
}

}  // namespace

FormEncoder& FormEncoder::add(std::string_view name, std::string_view value) {
  if (first_) {
    out_.reserve(out_.size() + 256);  // a register query or a validate body, whole
    first_ = false;
  } else {
    out_ += '&';
  }
  append_encoded(out_, name);
  out_ += '=';
  append_encoded(out_, value);
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
