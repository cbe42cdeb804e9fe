#include "gt3/status.h"

namespace gt3 {

std::string_view cloud_status_name(CloudStatus status) {
  return status == CloudStatus::kSuccess ? "success" : "fail";
}

std::optional<CloudStatus> parse_cloud_status(std::string_view name) {
  if (name == "success") return CloudStatus::kSuccess;
  if (name == "fail") return CloudStatus::kFail;
  return std::nullopt;
}

std::string_view override_name(Override mode) {
  switch (mode) {
    case Override::kAuto:
      return "auto";
    case Override::kForceOnline:
      return "force-online";
    case Override::kForceOffline:
      return "force-offline";
  }
  return "auto";
}

std::optional<Override> parse_override(std::string_view name) {
  for (Override mode : {Override::kAuto, Override::kForceOnline, Override::kForceOffline}) {
    if (name == override_name(mode)) return mode;
  }
  return std::nullopt;
}

}  // namespace gt3
