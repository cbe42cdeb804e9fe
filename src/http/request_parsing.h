// Request parsing: how the server turns the bytes of a connection into a Request, without the
// socket. HttpServer reads with a RequestReader (http/request_reader.h), then answers a failed
// read with answer_to_read_error() and completes a whole one with finish_request();
// read_request() runs those same steps over bytes already in memory, for tests and the fuzzer.
//
// Limits: the request line and headers may take max_header_bytes, the body max_body_bytes;
// beyond them the answer is 431 header_too_large / 413 body_too_large. Bytes that are not
// HTTP/1.1 are answered 400 bad_request, a target with a malformed percent-escape 400
// bad_encoding. Pure functions, thread-safe.
#pragma once

#include <boost/system/error_code.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "gt3/result.h"
#include "http/request.h"
#include "http/response.h"

namespace gt3::http {

// What a failed read of a request is answered with; nullopt when nothing can or need be
// answered (the peer went away, or we closed the connection ourselves).
std::optional<Response> answer_to_read_error(const boost::system::error_code& ec, bool timed_out,
                                             std::size_t max_header_bytes,
                                             std::size_t max_body_bytes);

// What the server does with `wire` when those bytes arrive on a connection and the peer then
// closes its side: route `request`, or send `answer` without routing (400, 413, 431), or close
// silently (neither set: no bytes, or an incomplete request). `consumed` is how many bytes the
// request took; the rest is the next (pipelined) request.
struct ReadRequest {
  std::optional<Request> request;
  std::optional<Response> answer;
  std::size_t consumed = 0;
};

ReadRequest read_request(std::string_view wire, std::size_t max_header_bytes,
                         std::size_t max_body_bytes, std::string peer = {});

}  // namespace gt3::http
