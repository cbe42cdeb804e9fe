// OfflinePolicy: what /validate accepts for an offline challenge (docs/design.md section 4).
//
//   compat  the three fields non-blank (the official behaviour) AND a valid, fresh, unused
//           signed challenge: works with GeeTest's own offline widget
//   pow     a proof of work on the signed challenge: a real cost to bots; needs our widget
//   none    anything: availability above all
//   deny    nothing: security above all
#pragma once

#include <optional>
#include <string_view>

namespace gt3::offline {

enum class OfflinePolicy { kCompat, kPow, kNone, kDeny };

// "compat", "pow", "none", "deny".
std::string_view policy_name(OfflinePolicy policy);

// nullopt for anything but the four names.
std::optional<OfflinePolicy> parse_policy(std::string_view name);

}  // namespace gt3::offline
