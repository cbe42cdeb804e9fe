// Fuzz target validate_answer: a body as GeeTest's validate.php answers it, read by
// gt3::parse_validate_answer (through the shared JSON answer reader, sdk/cloud_answer.h).
//
// Checks: the reading agrees with a whole parsed document (fuzz/answer_oracle.h): an accepted
// answer's "seccode" is a string neither empty nor "false", a rejection has the reason the
// document gives, and its detail is bounded (excerpts, never the whole body).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "answer_oracle.h"
#include "gt3/validate.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto accepted = gt3::parse_validate_answer(body);
  const fuzz::DomReading dom = fuzz::read_with_dom(body, "seccode");
  using Kind = fuzz::DomReading::Kind;
  if (accepted) {
    check(dom.kind == Kind::kString && !dom.text.empty() && dom.text != "false");
    return 0;
  }
  using gt3::Reason;
  const Reason reason = accepted.error().reason;
  check(reason == Reason::kNotJson || reason == Reason::kWrongType ||
        reason == Reason::kSeccodeMissing || reason == Reason::kSeccodeEmpty ||
        reason == Reason::kSeccodeFalse);
  switch (dom.kind) {
    case Kind::kNotJson:
      check(reason == Reason::kNotJson);
      break;
    case Kind::kNotObject:
      check(reason == Reason::kWrongType);
      break;
    case Kind::kMissing:
      check(reason == Reason::kSeccodeMissing);
      break;
    case Kind::kNotString:
      check(reason == Reason::kWrongType);
      break;
    case Kind::kString:
      check(reason == (dom.text.empty() ? Reason::kSeccodeEmpty : Reason::kSeccodeFalse));
  }
  check(accepted.error().detail.size() <= 200);
  return 0;
}
