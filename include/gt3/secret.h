// Secret: a string that must never reach a log, an HTTP answer or a printed config.
//
// The private key and the offline HMAC secret are held in this type so that printing one by
// mistake shows "***" instead of the value. The only way to the bytes is reveal(), which is easy
// to grep for. A value type; thread-compatible like std::string.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace gt3 {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  // The secret itself: pass it only to a digest or a MAC, never to a formatter.
  std::string_view reveal() const { return value_; }
  bool empty() const { return value_.empty(); }

  friend bool operator==(const Secret&, const Secret&) = default;

 private:
  std::string value_;
};

inline constexpr std::string_view kMaskedSecret = "***";

inline std::ostream& operator<<(std::ostream& out, const Secret&) { return out << kMaskedSecret; }

}  // namespace gt3
