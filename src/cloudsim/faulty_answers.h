// Faulty answers: the cloud simulator's faults that happen on the wire, each made from the
// endpoint's normal answer (docs/design.md section 6, the chaos tests). Each is an
// http::take_over_connection() (http/connection_takeover.h) that writes the bytes itself:
//
//   truncated     HTTP 200, Content-Length of the whole JSON body, half of the body, then the
//                 connection is closed cleanly (FIN): the JSON stops in the middle.
//   drop          HTTP 200 headers and half of the body, then the connection is reset (RST):
//                 a cloud process or a middlebox dying mid-answer.
//   trickle:<ms>  the whole normal answer, correct, one byte every <ms>.
//   huge          HTTP 200, chunked (no Content-Length, so a client cannot refuse it from the
//                 headers), the normal JSON object with a "padding" string that makes the body
//                 kHugeBodyBytes long: valid-looking JSON, so only a size limit stops it. Written
//                 64 KiB at a time from one buffer, never held whole in memory.
//
// Writers stop at the first failed write (the client went away) and end early when `wait`
// says the simulator is stopping. Stateless functions, thread-safe.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "http/response.h"

namespace gt3::cloudsim {

inline constexpr std::size_t kHugeBodyBytes = 16 * 1024 * 1024;

// Waits `delay`; false when the simulator is stopping and the writer should give up.
using Wait = std::function<boost::asio::awaitable<bool>(std::chrono::milliseconds delay)>;

http::Response truncated_answer(const http::Response& normal);
http::Response dropped_answer(const http::Response& normal);
http::Response trickled_answer(const http::Response& normal, std::chrono::milliseconds per_byte,
                               Wait wait);
http::Response huge_answer(const http::Response& normal);

// The status line and headers of `normal` (Connection: close) and the blank line, with the
// Content-Length of its body, or Transfer-Encoding: chunked when `chunked`.
std::string wire_head(const http::Response& normal, bool chunked);

}  // namespace gt3::cloudsim
