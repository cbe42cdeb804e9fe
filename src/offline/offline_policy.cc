#include "offline/offline_policy.h"

namespace gt3::offline {

std::string_view policy_name(OfflinePolicy policy) {
  switch (policy) {
    case OfflinePolicy::kCompat:
      return "compat";
    case OfflinePolicy::kPow:
      return "pow";
    case OfflinePolicy::kNone:
      return "none";
    case OfflinePolicy::kDeny:
      return "deny";
  }
  return "compat";
}

std::optional<OfflinePolicy> parse_policy(std::string_view name) {
  for (OfflinePolicy p :
       {OfflinePolicy::kCompat, OfflinePolicy::kPow, OfflinePolicy::kNone, OfflinePolicy::kDeny}) {
    if (policy_name(p) == name) return p;
  }
  return std::nullopt;
}

}  // namespace gt3::offline
