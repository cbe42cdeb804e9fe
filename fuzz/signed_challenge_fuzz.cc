// Fuzz target signed_challenge: a challenge sent to /validate, checked by
// offline::ChallengeSigner::verify under a fixed secret, a ttl of 300 s and a ManualClock
// (2026-01-01T00:00:01Z), so that a challenge issued under them (in the corpus) is accepted.
//
// Checks: what verify() accepts has the signed shape (looks_signed_shape), an issue time within
// [now - ttl, now + kMaxFutureSkew], and stops being accepted when any one of its characters is
// changed (a tag is not forgeable by mutation); what lacks the shape is kChallengeForged; every
// rejection is kChallengeForged or kChallengeExpired.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gt3/clock.h"
#include "testing/manual_clock.h"
#include "offline/signed_challenge.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

constexpr std::string_view kDigits = "0123456789abcdefghijklmnopqrstuvwxyz";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const gt3::ManualClock clock;
  static const gt3::offline::ChallengeSigner signer(gt3::Secret("fuzz-secret-of-at-least-16-bytes"),
                                                    std::chrono::seconds(300), clock);
  const std::string_view challenge(reinterpret_cast<const char*>(data), size);

  const auto issued = signer.verify(challenge);
  if (!issued) {
    const gt3::Reason reason = issued.error().reason;
    check(reason == gt3::Reason::kChallengeForged || reason == gt3::Reason::kChallengeExpired);
    if (!gt3::offline::ChallengeSigner::looks_signed_shape(challenge)) {
      check(reason == gt3::Reason::kChallengeForged);
    }
    return 0;
  }
  check(gt3::offline::ChallengeSigner::looks_signed_shape(challenge));
  const auto now = clock.wall_now();
  check(issued->issued <= now + gt3::offline::ChallengeSigner::kMaxFutureSkew);
  check(now - issued->issued <= signer.ttl());
  std::string changed(challenge);
  for (std::size_t i = 0; i < changed.size(); ++i) {
    const char original = changed[i];
    changed[i] = kDigits[(kDigits.find(original) + 1) % kDigits.size()];
    check(!signer.verify(changed));
    changed[i] = original;
  }
  return 0;
}
