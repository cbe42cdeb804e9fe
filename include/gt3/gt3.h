// The protocol core of gt3 in one include (all but the Beast client, gt3/asio_http_client.h).
// ByPass mode whole is the facade in gt3/bypass_captcha.h.
#pragma once

#include "gt3/captcha_mode.h"
#include "gt3/digest.h"
#include "gt3/geetest_client.h"
#include "gt3/http_client.h"
#include "gt3/local_challenge.h"
#include "gt3/reason.h"
#include "gt3/register.h"
#include "gt3/result.h"
#include "gt3/secret.h"
#include "gt3/solution.h"
#include "gt3/user_info.h"
#include "gt3/validate.h"
#include "gt3/version.h"
