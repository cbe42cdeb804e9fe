// Failure classification: what an error code from Asio, Beast or OpenSSL means for a caller of
// HttpClient (gt3/http_client.h), and a short sentence saying what happened.
//
// The phase of the request matters: any failure to resolve is kDns and any failure of the TLS
// handshake is kTls, while an end of stream is kNetwork before the first byte of the answer and
// kBadBody after it (a truncated answer). Details name the peer ("host:port"), never the
// request's target or body. Pure functions, thread-safe.
#pragma once

#include <boost/system/error_code.hpp>
#include <string_view>

#include "gt3/http_client.h"

namespace gt3::http {

enum class RequestPhase { kResolve, kConnect, kHandshake, kWrite, kRead };

// `answer_started`: some bytes of the answer had arrived when `ec` happened (kRead only).
HttpError classify_failure(const boost::system::error_code& ec, RequestPhase phase,
                           bool answer_started, std::string_view authority);

}  // namespace gt3::http
