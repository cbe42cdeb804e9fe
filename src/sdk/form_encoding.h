// FormEncoder: "name=value&..." with every name and value percent-encoded (only RFC 3986
// unreserved characters kept), which both a URL query and an application/x-www-form-urlencoded
// body accept. Encoding is Boost.URL's.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "gt3/user_info.h"

namespace gt3 {

class FormEncoder {
 public:
  FormEncoder() = default;
  // Appends to `prefix` (a URL up to its '?'), so that a URL is built in one string.
  explicit FormEncoder(std::string prefix) : out_(std::move(prefix)), first_(true) {}

  FormEncoder& add(std::string_view name, std::string_view value);

  // The optional user parameters, each only when set (docs/protocol.md section 3).
  FormEncoder& add_user_info(const UserInfo& user);

  const std::string& str() const& { return out_; }
  std::string str() && { return std::move(out_); }

 private:
  std::string out_;
  bool first_ = true;  // no pair added yet
};

// `api_url` without trailing slashes, so that "http://h/" and "http://h" name the same base.
std::string_view without_trailing_slashes(std::string_view api_url);

// At most 80 printable ASCII characters of a cloud answer, for an error detail: enough to tell
// an HTML page from garbage, never enough to flood a log line.
std::string excerpt(std::string_view body);

}  // namespace gt3
