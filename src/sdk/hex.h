// Lower-case hex of raw bytes, the form every digest of the protocol takes. Written here because
// OpenSSL's OPENSSL_buf2hexstr gives upper case with colons. And the checks of hex text that the
// protocol's fields need. Pure functions; thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace gt3 {

std::string lower_hex(std::span<const unsigned char> bytes);

// Only hexadecimal digits, either case (true for "").
inline bool is_hex(std::string_view text) {
  return text.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos;
}

// Only lower-case hexadecimal digits, the form of every digest this protocol computes.
inline bool is_lower_hex(std::string_view text) {
  return text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace gt3
