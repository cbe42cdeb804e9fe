#include "cloudsim/faulty_answers.h"

#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <memory>

#include "http/connection_takeover.h"

namespace gt3::cloudsim {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kChunkBytes = 64 * 1024;

std::string reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 404:
      return "Not Found";
    case 500:
      return "Internal Server Error";
    default:
      return "Status";
  }
}

asio::awaitable<bool> write_all(tcp::socket& socket, std::string_view bytes) {
  auto [ec, n] =
      co_await asio::async_write(socket, asio::buffer(bytes.data(), bytes.size()), kTuple);
  co_return !ec;
}

std::string hex(std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  do {
    out.insert(out.begin(), kDigits[n % 16]);
    n /= 16;
  } while (n != 0);
  return out;
}

// Head and the first half of the body: what truncated and drop send before they cut.
std::shared_ptr<const std::string> head_and_half(const http::Response& normal) {
  return std::make_shared<const std::string>(wire_head(normal, false) +
                                             normal.body.substr(0, normal.body.size() / 2));
}

}  // namespace

std::string wire_head(const http::Response& normal, bool chunked) {
  std::string head = "HTTP/1.1 " + std::to_string(normal.status) + " " +
                     reason_phrase(normal.status) + "\r\nServer: gt3-bypass-cloudsim\r\n";
  if (!normal.content_type.empty())
    head += "Content-Type: " + std::string(normal.content_type) + "\r\n";
  if (normal.uncacheable) head += "Cache-Control: no-store\r\n";
  for (const auto& [name, value] : normal.headers) head += name + ": " + value + "\r\n";
  head += chunked ? std::string("Transfer-Encoding: chunked\r\n")
                  : "Content-Length: " + std::to_string(normal.body.size()) + "\r\n";
  return head + "Connection: close\r\n\r\n";
}

http::Response truncated_answer(const http::Response& normal) {
  return http::take_over_connection(
      [bytes = head_and_half(normal)](tcp::socket& socket) -> asio::awaitable<void> {
        if (!co_await write_all(socket, *bytes)) co_return;
        error_code ignored;
        socket.shutdown(tcp::socket::shutdown_send, ignored);  // FIN after half the body
      });
}

http::Response dropped_answer(const http::Response& normal) {
  return http::take_over_connection(
      [bytes = head_and_half(normal)](tcp::socket& socket) -> asio::awaitable<void> {
        if (!co_await write_all(socket, *bytes)) co_return;
        // SO_LINGER 0: close() sends RST instead of FIN, as a crashing peer would.
        error_code ignored;
        socket.set_option(asio::socket_base::linger(true, 0), ignored);
        socket.close(ignored);
      });
}

http::Response trickled_answer(const http::Response& normal, std::chrono::milliseconds per_byte,
                               Wait wait) {
  auto bytes = std::make_shared<const std::string>(wire_head(normal, false) + normal.body);
  return http::take_over_connection(
      [bytes, per_byte, wait = std::move(wait)](tcp::socket& socket) -> asio::awaitable<void> {
        for (char byte : *bytes) {
          if (!co_await write_all(socket, std::string_view(&byte, 1))) co_return;
          if (!co_await wait(per_byte)) co_return;
        }
      });
}

http::Response huge_answer(const http::Response& normal) {
  // {"challenge": "...", "padding": "xxxx...xxxx"}: the normal object, one more member.
  std::string body = normal.body;
  while (!body.empty() && body.back() != '}') body.pop_back();
  if (!body.empty()) body.pop_back();
  const bool empty_object = body.find_first_not_of(" \t\r\n{") == std::string::npos;
  auto prefix = std::make_shared<const std::string>(
      wire_head(normal, true) + (body.empty() ? "" : hex(body.size()) + "\r\n" + body + "\r\n"));
  const std::string open = empty_object ? R"("padding": ")" : R"(, "padding": ")";
  const std::string close = "\"}";
  const std::size_t used = body.size() + open.size() + close.size();
  const std::size_t padding = kHugeBodyBytes > used ? kHugeBodyBytes - used : 0;
  return http::take_over_connection([prefix, open, close,
                                     padding](tcp::socket& socket) -> asio::awaitable<void> {
    if (!co_await write_all(socket, *prefix)) co_return;
    if (!co_await write_all(socket, hex(open.size()) + "\r\n" + open + "\r\n")) co_return;
    const std::string chunk = hex(kChunkBytes) + "\r\n" + std::string(kChunkBytes, 'x') + "\r\n";
    std::size_t left = padding;
    for (; left >= kChunkBytes; left -= kChunkBytes) {
      if (!co_await write_all(socket, chunk)) co_return;
    }
    std::string tail;
    if (left != 0) tail += hex(left) + "\r\n" + std::string(left, 'x') + "\r\n";
    tail += hex(close.size()) + "\r\n" + close + "\r\n0\r\n\r\n";
    co_await write_all(socket, tail);
  });
}

}  // namespace gt3::cloudsim
