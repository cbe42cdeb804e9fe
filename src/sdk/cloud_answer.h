// The one shape every GeeTest JSON answer has: an object with one string field that matters
// ("challenge", "seccode"). Reading it names what went wrong: kNotJson, kWrongType (not an
// object, or the field is not a string), or `missing` when the field is absent.
#pragma once

#include <string>
#include <string_view>

#include "gt3/result.h"

namespace gt3 {

Result<std::string> string_field_of_answer(std::string_view body, std::string_view field,
                                           Reason missing);

}  // namespace gt3
