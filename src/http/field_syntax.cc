#include "http/field_syntax.h"

#include <boost/beast/core/string.hpp>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "sdk/text.h"

namespace gt3::http {

namespace {

// RFC 9110's tchar.
constexpr auto kTokenByte = byte_table([](char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
});

bool is_field_value_byte(unsigned char c) { return (c >= 0x20 || c == '\t') && c != 0x7f; }

}  // namespace

bool is_token(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name) {
    if (!kTokenByte[static_cast<unsigned char>(c)]) return false;
  }
  return true;
}

bool is_field_value(std::string_view value) {
  // Eight bytes at a time: a word passes at once when none of its bytes is below 0x20 or is
  // 0x7f (the tests below are exact for "any byte": Sean Anderson's bit hacks, hasless and
  // haszero); a word that fails them, which a tab does too, is checked byte by byte. A value of
  // eight bytes or more ends with the word of its last eight, which overlaps bytes already read.
  constexpr std::uint64_t kOnes = 0x0101010101010101;
  constexpr std::uint64_t kHighs = 0x8080808080808080;
  const auto word_passes = [&](std::size_t at) {
    std::uint64_t word;
    std::memcpy(&word, value.data() + at, sizeof word);
    const std::uint64_t below_space = (word - kOnes * 0x20) & ~word & kHighs;
    const std::uint64_t del = word ^ (kOnes * 0x7f);
    const std::uint64_t has_del = (del - kOnes) & ~del & kHighs;
    if ((below_space | has_del) == 0) return true;
    for (std::size_t j = at; j < at + 8; ++j) {
      if (!is_field_value_byte(static_cast<unsigned char>(value[j]))) return false;
    }
    return true;
  };
  if (value.size() < 8) {
    for (const char c : value) {
      if (!is_field_value_byte(static_cast<unsigned char>(c))) return false;
    }
    return true;
  }
  for (std::size_t i = 0; i + 8 <= value.size(); i += 8) {
    if (!word_passes(i)) return false;
  }
  return value.size() % 8 == 0 || word_passes(value.size() - 8);
}

bool is_one_of(std::string_view name, std::initializer_list<std::string_view> names) {
  for (const std::string_view one : names) {
    if (boost::beast::iequals(name, one)) return true;
  }
  return false;
}

void append_number(std::string& out, std::size_t n) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, end);
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

}  // namespace gt3::http
