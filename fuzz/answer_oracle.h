// The oracle of the two cloud answer targets: the field read from a whole parsed document
// (nlohmann::json::parse), independent of the event reader under test (sdk/cloud_answer.cc).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace fuzz {

struct DomReading {
  enum class Kind { kNotJson, kNotObject, kMissing, kNotString, kString } kind;
  std::string text;  // for kString
};

inline DomReading read_with_dom(std::string_view body, std::string_view field) {
  const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return {DomReading::Kind::kNotJson, {}};
  if (!json.is_object()) return {DomReading::Kind::kNotObject, {}};
  const auto it = json.find(field);
  if (it == json.end()) return {DomReading::Kind::kMissing, {}};
  if (!it->is_string()) return {DomReading::Kind::kNotString, {}};
  return {DomReading::Kind::kString, it->get<std::string>()};
}

}  // namespace fuzz
