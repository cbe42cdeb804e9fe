// FrontEndLimits: the size limits of the front end (an nginx or the like) that the real GeeTest
// cloud sits behind, which the simulator's cloud listener applies by default so that tests meet
// what production meets. A request past them never reaches an endpoint:
//
//   request target (path and query) longer than max_target_bytes   414 uri_too_long
//   header fields (each "Name: value\r\n") longer in all than
//     max_header_bytes                                               431 header_too_large
//   body longer than max_body_bytes                                  413 body_too_large
//
// each with a short JSON body {"error": ..., "message": ...}. Such a refusal is caused by the
// request, not by an outage. The body limit is the HTTP server's own (it refuses on the
// Content-Length, before reading the body); target and headers are measured here, since the
// server's parser counts them together. Its ceiling, kParserHeaderCeiling, is far above both
// limits, so that each is answered with its own status; a request line and headers past that
// ceiling are answered 431 by the server itself. A request past several limits gets the body's
// 413 first (the server refuses it before it reaches routing). Plain data and pure functions.
#pragma once

#include <cstddef>
#include <optional>

#include "http/request.h"
#include "http/response.h"
#include "http/server.h"

namespace gt3::cloudsim {

struct FrontEndLimits {
  std::size_t max_target_bytes = 8 * 1024;
  std::size_t max_header_bytes = 8 * 1024;
  std::size_t max_body_bytes = 8 * 1024;
};

// The server's own limit on the request line and headers together, on the cloud listener.
inline constexpr std::size_t kParserHeaderCeiling = 64 * 1024;

// The 414 or 431 for a request past `limits`, or nullopt when it may reach its endpoint.
std::optional<http::Response> refuse_past_front_end(const http::Request& request,
                                                    const FrontEndLimits& limits);

// The server options of the cloud listener: with `limits`, their body limit; without (nullopt),
// no front end: the server's default body limit, and the same parser ceiling.
http::ServerOptions cloud_listener_options(const std::optional<FrontEndLimits>& limits);

}  // namespace gt3::cloudsim
