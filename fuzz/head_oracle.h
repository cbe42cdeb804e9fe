// What the two head fuzz targets (request_head, response_head) hold the writers to, written out
// again here rather than taken from http/field_syntax.h, so that the oracle is not the code under
// test: the input's split into fields, RFC 9110's rules for names and values, and the check that
// the given fields read back from Beast's parser.
#pragma once

#include <boost/beast/core/string.hpp>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gt3::fuzz {

inline void check(bool condition) {
  if (!condition) std::abort();
}

// `rest` cut at each 0x1f.
inline std::vector<std::string> fields_of(std::string_view rest) {
  std::vector<std::string> parts;
  for (;;) {
    const auto cut = rest.find('\x1f');
    parts.emplace_back(rest.substr(0, cut));
    if (cut == std::string_view::npos) return parts;
    rest.remove_prefix(cut + 1);
  }
}

inline bool has_control(std::string_view value) {
  for (const unsigned char c : value) {
    if ((c < 0x20 && c != '\t') || c == 0x7f) return true;
  }
  return false;
}

// RFC 9110 section 5.6.2.
inline bool is_token(std::string_view name) {
  if (name.empty()) return false;
  for (const unsigned char c : name) {
    if (c <= 0x20 || c >= 0x7f ||
        std::string_view("\"(),/:;<=>?@[\\]{}").find(c) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

inline std::string_view trimmed(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return value;
}

// Every field of `parsed` (a Beast message), as name and value.
template <class Message>
std::vector<std::pair<std::string_view, std::string_view>> fields_read_back(const Message& parsed) {
  std::vector<std::pair<std::string_view, std::string_view>> seen;
  for (const auto& field : parsed) seen.emplace_back(field.name_string(), field.value());
  return seen;
}

// Each name's given values read back in order. Only that order is the wire's: Beast's field list
// keeps the fields of one name together.
inline void check_read_back(
    const std::vector<std::pair<std::string, std::string>>& given_fields,
    const std::vector<std::pair<std::string_view, std::string_view>>& seen) {
  for (const auto& [name, value] : given_fields) {
    std::vector<std::string_view> given, read_back;
    for (const auto& [other, v] : given_fields) {
      if (boost::beast::iequals(other, name)) given.push_back(trimmed(v));
    }
    for (const auto& [other, v] : seen) {
      if (boost::beast::iequals(other, name)) read_back.push_back(v);
    }
    check(given == read_back);
  }
}

}  // namespace gt3::fuzz
