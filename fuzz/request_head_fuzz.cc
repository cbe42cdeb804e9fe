// Fuzz target request_head: a request as a caller of the HTTP client could build it, through
// http::write_request_head (http/request_head.h), the client's writer of request lines and
// headers. Input: one byte of flags (POST), then fields separated by 0x1f: target, host, user
// agent, content type, body, then name and value pairs.
//
// Checks: a refused request breaks a stated rule (a target that is empty or holds whitespace or a
// control character, a name that is no token or one the client writes, a control character in a
// value); an accepted one parses back with Beast's request parser, whole, to the same method,
// target, fields (each name's values in order), length and body, and never to more fields than it
// was given.
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "head_oracle.h"
#include "http/request_head.h"

namespace {

namespace bhttp = boost::beast::http;
using namespace gt3::fuzz;

bool bad_target(std::string_view target) {
  if (target.empty()) return true;
  for (const unsigned char c : target) {
    if (c <= 0x20 || c == 0x7f) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  gt3::HttpRequest request;
  const bool post = (data[0] & 1) != 0;
  request.method = post ? gt3::HttpMethod::kPost : gt3::HttpMethod::kGet;
  std::vector<std::string> parts =
      fields_of(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  parts.resize(std::max<std::size_t>(parts.size(), 5));
  const gt3::http::RequestLine line{parts[0], parts[1], parts[2]};
  request.content_type = parts[3];
  if (post) request.body = parts[4];
  for (std::size_t i = 5; i + 1 < parts.size(); i += 2)
    request.headers.emplace_back(parts[i], parts[i + 1]);

  std::string head = "stale";
  if (!gt3::http::write_request_head(head, request, line)) {
    bool broken = bad_target(line.target) || has_control(line.host_header) ||
                  has_control(line.user_agent) || (post && has_control(request.content_type));
    for (const auto& [name, value] : request.headers) {
      broken = broken || has_control(value) || !is_token(name);
      for (std::string_view own : {"host", "user-agent", "content-type", "content-length",
                                   "transfer-encoding", "connection"}) {
        broken = broken || boost::beast::iequals(name, own);
      }
    }
    check(broken);
    return 0;
  }

  bhttp::request_parser<bhttp::string_body> parser;
  parser.eager(true);
  parser.body_limit(1 << 20);
  parser.header_limit(1 << 20);
  const std::string wire = head + request.body;
  boost::system::error_code ec;
  const std::size_t used = parser.put(boost::asio::buffer(wire), ec);
  if (ec == bhttp::error::bad_target) return 0;  // stricter than RFC 9112 on some bytes: a refusal
  check(!ec && parser.is_done() && used == wire.size());
  const auto& parsed = parser.get();
  check(parsed.method() == (post ? bhttp::verb::post : bhttp::verb::get));
  check(parsed.target() == line.target);
  check(parsed.version() == 11);
  check(parsed.body() == request.body);
  const auto seen = fields_read_back(parsed);
  check(seen.size() >= 2 && trimmed(line.host_header) == seen[0].second &&
        trimmed(line.user_agent) == seen[1].second);
  check_read_back(request.headers, seen);
  // Host and User-Agent; a POST's Content-Type when set, and its Content-Length.
  const std::size_t own = 2 + (post ? 1 + !request.content_type.empty() : 0);
  check(seen.size() == own + request.headers.size());
  return 0;
}
