// Params: the decoded name/value pairs of a URL query or an application/x-www-form-urlencoded
// body, in order, duplicates kept. Decoding (percent-escapes, '+' as space in forms) is
// Boost.URL's; a bad escape is an error naming the offending pair, never a guess.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gt3/result.h"

namespace gt3::http {

class Params {
 public:
  using Pair = std::pair<std::string, std::string>;

  // "a=1&b=x%20y"; `plus_is_space` for form bodies (and, as browsers send them, for queries).
  static Result<Params> decode(std::string_view encoded, bool plus_is_space = true);

  // The value of `name`, nullopt when absent. When the name appears more than once this is the
  // first value; callers that must not be fooled by duplicates use unique().
  std::optional<std::string_view> get(std::string_view name) const;

  // The value of `name` when it appears exactly once; nullopt when absent; an Error
  // (Reason::kDuplicateParameter, detail naming the field) when it appears more than once.
  Result<std::optional<std::string_view>> unique(std::string_view name) const;

  std::size_t count(std::string_view name) const;
  const std::vector<Pair>& pairs() const { return pairs_; }
  bool empty() const { return pairs_.empty(); }

  void add(std::string name, std::string value) {
    pairs_.emplace_back(std::move(name), std::move(value));
  }

 private:
  std::vector<Pair> pairs_;
};

}  // namespace gt3::http
