// Tables of an enum's stable names, and the two lookups every such table needs (internal, not
// installed). Pure; thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace gt3 {

template <class Enum, std::size_t N>
using EnumNames = std::array<std::pair<Enum, std::string_view>, N>;

// The name of `value`; "?" for a value missing from the table.
template <class Enum, std::size_t N>
constexpr std::string_view name_of(const EnumNames<Enum, N>& names, Enum value) {
  for (const auto& [e, name] : names) {
    if (e == value) return name;
  }
  return "?";
}

// The value named exactly `text` (case matters); nullopt for any other text.
template <class Enum, std::size_t N>
constexpr std::optional<Enum> parse_name(const EnumNames<Enum, N>& names, std::string_view text) {
  for (const auto& [e, name] : names) {
    if (name == text) return e;
  }
  return std::nullopt;
}

}  // namespace gt3
