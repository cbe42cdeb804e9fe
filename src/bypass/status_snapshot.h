// StatusSnapshot and Transition, public in gt3/status.h, under the bypass layer's names.
#pragma once

#include "gt3/status.h"

namespace gt3::bypass {

using gt3::StatusSnapshot;
using gt3::Transition;

}  // namespace gt3::bypass
