#include "cloudsim/front_end_limits.h"

#include <string>

namespace gt3::cloudsim {

std::optional<http::Response> refuse_past_front_end(const http::Request& request,
                                                    const FrontEndLimits& limits) {
  if (request.target.size() > limits.max_target_bytes) {
    return http::Response::error(414, "uri_too_long",
                                 "the request target exceeds " +
                                     std::to_string(limits.max_target_bytes) +
                                     " bytes; send long fields in a POST body");
  }
  std::size_t header_bytes = 0;
  for (const auto& [name, value] : request.headers) {
    header_bytes += name.size() + value.size() + 4;  // ": " and CRLF, as on the wire
  }
  if (header_bytes > limits.max_header_bytes) {
    return http::Response::error(431, "header_too_large",
                                 "the header fields exceed " +
                                     std::to_string(limits.max_header_bytes) +
                                     " bytes; send fewer or shorter headers");
  }
  return std::nullopt;
}

http::ServerOptions cloud_listener_options(const std::optional<FrontEndLimits>& limits) {
  http::ServerOptions options;
  options.max_header_bytes = kParserHeaderCeiling;
  if (limits) options.max_body_bytes = limits->max_body_bytes;
  return options;
}

}  // namespace gt3::cloudsim
