// The vocabulary of availability, public in gt3/status.h, under the names the bypass layer has
// always used.
#pragma once

#include "gt3/status.h"

namespace gt3::bypass {

using gt3::CloudStatus;
using gt3::Override;
using gt3::cloud_status_name;
using gt3::override_name;
using gt3::parse_cloud_status;
using gt3::parse_override;

}  // namespace gt3::bypass
