#include "http/params.h"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/pct_string_view.hpp>

namespace gt3::http {
namespace {

// At most 60 printable characters of what the client sent, for an error detail.
std::string quoted_excerpt(std::string_view text) {
  constexpr std::size_t kMax = 60;
  std::string out = "\"";
  for (char c : text.substr(0, kMax)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  if (text.size() > kMax) out += "...";
  return out + "\"";
}

// Whether `part` decodes to itself: no escape, and no '+' that stands for a space. Most names and
// values do (hex digests, words); they are copied without Boost's check-then-decode passes.
// memchr looks at many bytes a step, where a loop over both tests took one.
bool decodes_to_itself(std::string_view part, bool plus_is_space) {
  return part.find('%') == std::string_view::npos &&
         (!plus_is_space || part.find('+') == std::string_view::npos);
}

Result<std::string> decode_part(std::string_view part, std::string_view pair, bool plus_is_space) {
  if (decodes_to_itself(part, plus_is_space)) return std::string(part);
  auto checked = boost::urls::make_pct_string_view(part);
  if (!checked) {
    return Error{Reason::kBadEncoding,
                 "the pair " + quoted_excerpt(pair) + " has a malformed percent-escape"};
  }
  return checked->decode(boost::urls::encoding_opts(plus_is_space));
}

}  // namespace

Result<Params> Params::decode(std::string_view encoded, bool plus_is_space) {
  Params params;
  // Room for a /validate form or a /register query at once, not grown 1, 2, 4, 8.
  if (!encoded.empty()) params.pairs_.reserve(8);
  while (!encoded.empty()) {
    const std::size_t amp = encoded.find('&');
    const std::string_view pair = encoded.substr(0, amp);
    encoded = amp == std::string_view::npos ? std::string_view{} : encoded.substr(amp + 1);
    if (pair.empty()) continue;  // "a=1&&b=2" and a trailing '&' carry no pair

    const std::size_t eq = pair.find('=');
    const std::string_view name = pair.substr(0, eq);
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    auto decoded_name = decode_part(name, pair, plus_is_space);
    if (!decoded_name) return decoded_name.error();
    auto decoded_value = decode_part(value, pair, plus_is_space);
    if (!decoded_value) return decoded_value.error();
    params.add(std::move(*decoded_name), std::move(*decoded_value));
  }
  return params;
}

std::optional<std::string_view> Params::get(std::string_view name) const {
  for (const Pair& pair : pairs_) {
    if (pair.first == name) return pair.second;
  }
  return std::nullopt;
}

Result<std::optional<std::string_view>> Params::unique(std::string_view name) const {
  const std::size_t n = count(name);
  if (n > 1) {
    return Error{Reason::kDuplicateParameter, "the parameter \"" + std::string(name) +
                                                  "\" appears " + std::to_string(n) +
                                                  " times; send it once"};
  }
  return get(name);
}

std::size_t Params::count(std::string_view name) const {
  std::size_t n = 0;
  for (const Pair& pair : pairs_) n += pair.first == name ? 1 : 0;
  return n;
}

}  // namespace gt3::http
