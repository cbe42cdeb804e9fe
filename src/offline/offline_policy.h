// OfflinePolicy: what /validate accepts for an offline challenge (docs/design.md section 4),
// public in gt3/bypass_options.h; here under the offline layer's names.
//
//   compat  the three fields non-blank (the official behaviour) AND a valid, fresh, unused
//           signed challenge: works with GeeTest's own offline widget
//   pow     a proof of work on the signed challenge: a real cost to bots; needs our widget
//   none    anything: availability above all
//   deny    nothing: security above all
#pragma once

#include <optional>
#include <string_view>

#include "gt3/bypass_options.h"

namespace gt3::offline {

using gt3::OfflinePolicy;

// "compat", "pow", "none", "deny".
inline std::string_view policy_name(OfflinePolicy policy) { return offline_policy_name(policy); }

// nullopt for anything but the four names.
inline std::optional<OfflinePolicy> parse_policy(std::string_view name) {
  return parse_offline_policy(name);
}

}  // namespace gt3::offline
