// The vocabulary of availability (docs/protocol.md section 2, docs/design.md section 2): the
// cloud's status as the fleet shares it, and the manual override. Names are the stored and
// displayed values, compatible with the official demos' Redis key ("success" / "fail").
#pragma once

#include <optional>
#include <string_view>

namespace gt3::bypass {

enum class CloudStatus { kSuccess, kFail };

// "success" / "fail".
std::string_view cloud_status_name(CloudStatus status);
std::optional<CloudStatus> parse_cloud_status(std::string_view name);

enum class Override { kAuto, kForceOnline, kForceOffline };

// "auto" / "force-online" / "force-offline".
std::string_view override_name(Override mode);
std::optional<Override> parse_override(std::string_view name);

}  // namespace gt3::bypass
