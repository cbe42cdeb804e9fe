// For unit tests of route handlers: runs one handler's coroutine to its answer on a private
// io_context, without a server or a socket. Not thread-safe; one call at a time per test.
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "http/request.h"
#include "http/response.h"

namespace gt3::testing {

// The answer `handler` gives; rethrows what the handler throws.
inline http::Response answer_of(boost::asio::awaitable<http::Response> handler) {
  boost::asio::io_context io;
  auto answer = boost::asio::co_spawn(io, std::move(handler), boost::asio::use_future);
  io.run();
  return answer.get();
}

// The value of the first header of that name in an answer, or "" when absent.
inline std::string header_of(const http::Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return {};
}

}  // namespace gt3::testing
