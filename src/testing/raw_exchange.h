// raw_exchange (tests only): bytes exactly as given to 127.0.0.1:<port>, one HTTP answer back
// (status, headers and body, which the project's HttpClient does not give for a non-200), over a
// RawConnection, whose reads have a deadline; and raw_request, which writes such bytes.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "testing/raw_connection.h"

namespace gt3::testing {

// The answer to `wire` on a connection of its own (status 0 when none came: `body` says why).
// The request is sent whole when the server lets it; a server that refuses early (413) is read
// all the same.
inline RawAnswer raw_exchange(std::uint16_t port, const std::string& wire) {
  RawConnection connection(port);
  if (!connection.connected()) return RawAnswer{0, {}, "cannot connect"};
  connection.send(wire);
  auto answer = connection.read_answer();
  return answer ? std::move(*answer) : RawAnswer{0, {}, "the connection closed without an answer"};
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
