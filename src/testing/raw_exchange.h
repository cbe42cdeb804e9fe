// raw_exchange (tests only): sends bytes exactly as given to 127.0.0.1:<port> and reads one HTTP
// answer, status, headers and body, which the project's HttpClient does not give for a non-200.
// Every step has a deadline, so a server that never answers fails the test instead of hanging it.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace gt3::testing {

struct RawAnswer {
  int status = 0;  // 0: no answer (then `body` says why)
  std::string body;
  std::string retry_after;  // the Retry-After header, "" when absent
};

// The answer to `wire`.
inline RawAnswer raw_exchange(std::uint16_t port, const std::string& wire,
                              std::chrono::seconds deadline = std::chrono::seconds(10)) {
  namespace asio = boost::asio;
  namespace beast = boost::beast;
  asio::io_context io;
  beast::tcp_stream stream(io);
  beast::flat_buffer buffer;
  beast::http::response<beast::http::string_body> answer;
  boost::system::error_code failed;
  const auto fail = [&](boost::system::error_code ec) {
    if (ec && !failed) failed = ec;
    return !ec;
  };
  stream.expires_after(deadline);
  stream.async_connect({asio::ip::make_address("127.0.0.1"), port}, [&](auto ec) {
    if (!fail(ec)) return;
    // A refusal may come before the whole request is sent: read the answer whatever the write.
    asio::async_write(stream, asio::buffer(wire), [&](boost::system::error_code, std::size_t) {
      beast::http::async_read(stream, buffer, answer,
                              [&](auto read_ec, std::size_t) { fail(read_ec); });
    });
  });
  io.run();
  if (failed) return RawAnswer{0, "no answer: " + failed.message(), ""};
  return RawAnswer{static_cast<int>(answer.result_int()), answer.body(),
                   std::string(answer[beast::http::field::retry_after])};
}

// "GET <target> HTTP/1.1" with a Host, `extra` header lines (each ending in CRLF) and a body
// with its Content-Length; Connection: close.
inline std::string raw_request(std::string_view method, std::string_view target,
                               std::string_view extra = "", std::string_view body = "") {
  std::string wire = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\n";
  wire += "Host: 127.0.0.1\r\nConnection: close\r\n";
  wire += extra;
  if (!body.empty()) {
    wire += "Content-Type: application/x-www-form-urlencoded\r\n";
    wire += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  wire += "\r\n";
  wire += body;
  return wire;
}

}  // namespace gt3::testing
