// Lower-case hex of raw bytes, the form every digest of the protocol takes. Written here because
// OpenSSL's OPENSSL_buf2hexstr gives upper case with colons. And the checks of hex text that the
// protocol's fields need. Pure functions; thread-safe.
#pragma once

#include <algorithm>
#include <boost/url/grammar/hexdig_chars.hpp>
#include <span>
#include <string>
#include <string_view>

#include "sdk/text.h"

namespace gt3 {

std::string lower_hex(std::span<const unsigned char> bytes);

// Only hexadecimal digits, either case (true for ""). By table: find_first_not_of searches its
// set once per byte, 32 searches for one digest.
inline bool is_hex(std::string_view text) {
  static constexpr auto kHex = byte_table(boost::urls::grammar::hexdig_chars);
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return kHex[static_cast<unsigned char>(c)]; });
}

// Only lower-case hexadecimal digits, the form of every digest this protocol computes.
inline bool is_lower_hex(std::string_view text) {
  static constexpr auto kLowerHex =
      byte_table([](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return kLowerHex[static_cast<unsigned char>(c)]; });
}

}  // namespace gt3
