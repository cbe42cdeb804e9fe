// Fuzz target register_answer: a body as GeeTest's register.php answers it, read by
// gt3::parse_register_answer (through the shared JSON answer reader, sdk/cloud_answer.h).
//
// Checks: the reading agrees with a whole parsed document (fuzz/answer_oracle.h): the same
// reason, and an accepted challenge is the document's "challenge", exactly 32 hex digits; a
// rejection's detail is bounded (excerpts, never the whole body).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "answer_oracle.h"
#include "gt3/register.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto challenge = gt3::parse_register_answer(body);
  const fuzz::DomReading dom = fuzz::read_with_dom(body, "challenge");
  using Kind = fuzz::DomReading::Kind;
  if (challenge) {
    check(dom.kind == Kind::kString && dom.text == *challenge);
    check(challenge->size() == 32);
    for (char c : *challenge) check(is_hex(c));
    return 0;
  }
  using gt3::Reason;
  const Reason reason = challenge.error().reason;
  check(reason == Reason::kNotJson || reason == Reason::kWrongType ||
        reason == Reason::kChallengeMissing || reason == Reason::kChallengeEmpty ||
        reason == Reason::kChallengeZero || reason == Reason::kChallengeMalformed);
  switch (dom.kind) {
    case Kind::kNotJson:
      check(reason == Reason::kNotJson);
      break;
    case Kind::kNotObject:
      check(reason == Reason::kWrongType);
      break;
    case Kind::kMissing:
      check(reason == Reason::kChallengeMissing);
      break;
    case Kind::kNotString:
      check(reason == Reason::kWrongType);
      break;
    case Kind::kString:
      check(reason == Reason::kChallengeEmpty || reason == Reason::kChallengeZero ||
            reason == Reason::kChallengeMalformed);
  }
  check(challenge.error().detail.size() <= 200);
  return 0;
}
