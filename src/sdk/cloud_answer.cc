#include "sdk/cloud_answer.h"

#include <nlohmann/json.hpp>

#include "sdk/form_encoding.h"

namespace gt3 {

Result<std::string> string_field_of_answer(std::string_view body, std::string_view field,
                                           Reason missing) {
  const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return Error{Reason::kNotJson, "answer: " + excerpt(body)};
  if (!json.is_object()) return Error{Reason::kWrongType, "answer is not a JSON object"};
  const auto it = json.find(field);
  if (it == json.end()) return Error{missing, "answer: " + excerpt(body)};
  if (!it->is_string()) return Error{Reason::kWrongType, std::string(field) + " is not a string"};
  return it->get<std::string>();
}

}  // namespace gt3
