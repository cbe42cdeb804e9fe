// Small text helpers shared by the layers (internal, not installed). Pure; thread-safe.
#pragma once

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace gt3 {

// HTTP's optional whitespace (RFC 9110 section 5.6.3): space and horizontal tab.
inline constexpr std::string_view kHttpBlanks = " \t";
// Everything std::isspace calls a space in the C locale.
inline constexpr std::string_view kAsciiSpaces = " \t\n\v\f\r";

// `text` without leading and trailing characters of `blanks`.
inline std::string_view trim(std::string_view text, std::string_view blanks = kHttpBlanks) {
  const std::size_t first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

// The bytes `in_set` accepts (a Boost.URL character set or any predicate on char), as a table
// of 256 bools built at compile time: one load per byte in a hot loop, where a set of Boost.URL
// tests a bit of a mask and a predicate may branch several times.
template <typename Set>
constexpr std::array<bool, 256> byte_table(Set in_set) {
  std::array<bool, 256> table{};
  for (std::size_t c = 0; c < table.size(); ++c) table[c] = in_set(static_cast<char>(c));
  return table;
}

// ASCII letters in lower case, every other byte as it is: for protocol tokens (field names, media
// types), which are ASCII, without std::tolower's call and locale.
constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// Not empty, and nothing but visible ASCII (no space, no control character): an id, a key or a
// Redis key name.
inline bool printable_without_spaces(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isgraph(static_cast<unsigned char>(c)) != 0;
  });
}

}  // namespace gt3
