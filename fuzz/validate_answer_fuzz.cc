// Fuzz target validate_answer: a body as GeeTest's validate.php answers it, read by
// gt3::parse_validate_answer (through the shared JSON answer reader, sdk/cloud_answer.h).
//
// Checks: an accepted answer is a JSON object whose "seccode" is a string neither empty nor
// "false" (checked again with nlohmann::json directly); a rejection carries one of the validate
// reasons, and its detail is bounded (excerpts, never the whole body).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "gt3/validate.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto accepted = gt3::parse_validate_answer(body);
  if (accepted) {
    const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    check(json.is_object() && json.contains("seccode") && json["seccode"].is_string());
    const auto& seccode = json["seccode"].get_ref<const std::string&>();
    check(!seccode.empty() && seccode != "false");
    return 0;
  }
  using gt3::Reason;
  const Reason reason = accepted.error().reason;
  check(reason == Reason::kNotJson || reason == Reason::kWrongType ||
        reason == Reason::kSeccodeMissing || reason == Reason::kSeccodeEmpty ||
        reason == Reason::kSeccodeFalse);
  check(accepted.error().detail.size() <= 200);
  return 0;
}
