// Failure classification: what an error code from Asio, Beast or OpenSSL means for a caller of
// HttpClient (gt3/http_client.h), and a short sentence saying what happened.
//
// The phase of the request matters: any failure to resolve is kDns and any failure of the TLS
// handshake is kTls, while an end of stream is kNetwork before the first byte of the answer and
// kBadBody after it (a truncated answer). Details name the peer ("host:port"), never the
// request's target or body. Pure functions, thread-safe.
#pragma once

#include <boost/system/error_code.hpp>
#include <chrono>
#include <exception>
#include <string_view>

#include "gt3/http_client.h"

namespace gt3::http {

enum class RequestPhase { kResolve, kConnect, kHandshake, kWrite, kRead };

// `answer_started`: some bytes of the answer had arrived when `ec` happened (kRead only).
HttpError classify_failure(const boost::system::error_code& ec, RequestPhase phase,
                           bool answer_started, std::string_view authority);

// `timeout` (a kTimeout) with the limits it ran into: " (connect timeout 500 ms, request
// deadline 2000 ms)" while the connection was being opened, " (request deadline 2000 ms)" after.
HttpError with_timeouts(HttpError timeout, RequestPhase phase,
                        std::chrono::milliseconds connect_timeout,
                        std::chrono::milliseconds deadline);

// An exception that escaped the client's own code (a bug): kNetwork, saying what it was and
// asking for a report.
HttpError internal_failure(const std::exception_ptr& error);

}  // namespace gt3::http
