// Request parsing: how the server turns the bytes of a connection into a Request, without the
// socket. HttpServer reads with Beast's request_parser limited by limit_request_parser(), then
// answers a failed read with answer_to_read_error() and decodes a whole one with to_request();
// read_request() runs those same steps over bytes already in memory, for tests and the fuzzer.
//
// Limits: the request line and headers may take max_header_bytes, the body max_body_bytes;
// beyond them the answer is 431 header_too_large / 413 body_too_large. Bytes that are not
// HTTP/1.1 are answered 400 bad_request, a target with a malformed percent-escape 400
// bad_encoding. Pure functions, thread-safe.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/system/error_code.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "gt3/result.h"
#include "http/request.h"
#include "http/response.h"

namespace gt3::http {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

// Sets the parser's header and body limits (header bytes saturate at 2^32 - 1).
void limit_request_parser(RequestParser& parser, std::size_t max_header_bytes,
                          std::size_t max_body_bytes);

// The Request a handler sees: method, target as sent, decoded path and query, headers, body.
// Error kBadEncoding for a malformed percent-escape in the path or the query.
Result<Request> to_request(BeastRequest&& in, std::string peer);

// The same into an existing Request, replacing all of it while keeping the capacity of its
// strings and vectors: a keep-alive connection reuses one Request and allocates little per
// request. On an Error, `out` is partly overwritten.
Result<void> fill_request(BeastRequest&& in, std::string_view peer, Request& out);

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
