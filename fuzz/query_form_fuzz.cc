// Fuzz target query_form: a URL query or form body, decoded as the server decodes queries and
// bodies (http::Params::decode, with and without '+' as a space), and pairs encoded as the SDK
// encodes what it sends to GeeTest (FormEncoder).
//
// Checks: a decode that succeeds round-trips (encoding its pairs with FormEncoder and decoding
// that gives the same pairs); decoding never succeeds on one setting and fails on the other
// ('+' is not an escape); the input split in two at its first NUL, as a name and a value,
// encodes to text that decodes back to exactly that pair.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/params.h"
#include "sdk/form_encoding.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

void check_round_trip(const gt3::http::Params& params) {
  gt3::FormEncoder encoder;
  for (const auto& [name, value] : params.pairs()) encoder.add(name, value);
  const auto again = gt3::http::Params::decode(encoder.str(), /*plus_is_space=*/true);
  check(again.has_value());
  check(again->pairs() == params.pairs());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const auto form = gt3::http::Params::decode(input, /*plus_is_space=*/true);
  const auto raw = gt3::http::Params::decode(input, /*plus_is_space=*/false);
  check(form.has_value() == raw.has_value());
  if (form) {
    check_round_trip(*form);
    check(form->pairs().size() == raw->pairs().size());
    for (const auto& [name, value] : form->pairs()) {
      const auto first = form->get(name);
      check(first.has_value());
      const auto unique = form->unique(name);
      check(unique.has_value() == (form->count(name) == 1));
    }
  } else {
    check(form.error().reason == gt3::Reason::kBadEncoding);
  }
  if (raw) check_round_trip(*raw);

  const std::size_t nul = input.find('\0');
  const std::string_view name = input.substr(0, nul);
  const std::string_view value = nul == std::string_view::npos ? "" : input.substr(nul + 1);
  gt3::FormEncoder encoder;
  encoder.add(name, value);
  const auto pair = gt3::http::Params::decode(encoder.str(), /*plus_is_space=*/true);
  check(pair.has_value());
  check(pair->pairs().size() == 1);
  check(pair->pairs()[0].first == name && pair->pairs()[0].second == value);
  return 0;
}
