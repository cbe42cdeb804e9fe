#include "sdk/form_encoding.h"

#include <boost/url/rfc/unreserved_chars.hpp>

#include "sdk/text.h"

namespace gt3 {

namespace {

constexpr auto kUnreservedByte = byte_table(boost::urls::unreserved_chars);

// Percent-encodes `text` onto the end of `out`, in place: runs of unreserved bytes appended
// whole, every other byte as %XX (upper-case digits, as Boost.URL's encode() writes them). A
// loop over a table: encode() measured its size first, then tested each byte against its set
// again, about a third of a register call's URL work.
void append_encoded(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t run = i;
    while (run < text.size() && kUnreservedByte[static_cast<unsigned char>(text[run])]) ++run;
    out.append(text.data() + i, run - i);
    if (run == text.size()) return;
    const auto c = static_cast<unsigned char>(text[run]);
    const char escaped[3] = {'%', kHex[c >> 4], kHex[c & 0x0f]};
    out.append(escaped, sizeof(escaped));
    i = run + 1;
  }
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
