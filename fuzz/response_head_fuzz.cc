// Fuzz target response_head: an answer as a handler could build it, through
// http::write_response_head (http/response_head.h), the server's writer of status lines and
// headers. Input: two bytes of status (0-1099, some invalid), one of flags (HTTP/1.0, close),
// then fields separated by 0x1f: content type, body, then name and value pairs.
//
// Checks: a refused answer breaks a stated rule (status, bodiless status, a name that is no
// token or one the server writes, a control character in a value); an accepted one parses back
// with Beast's response parser, whole, to the same version, status, fields (each name's values in
// order), length and body, and never to more fields than it was given.
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
#include "http/response_head.h"

namespace {

namespace bhttp = boost::beast::http;
using namespace gt3::fuzz;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  gt3::http::Response response;
  response.status = ((data[0] << 8) | data[1]) % 1100;
  const gt3::http::HeadFields fields{(data[2] & 1) ? 10u : 11u, (data[2] & 2) == 0, "gt3-bypass",
                                     "Wed, 02 Dec 2026 12:00:00 GMT"};
  std::vector<std::string> parts =
      fields_of(std::string_view(reinterpret_cast<const char*>(data) + 3, size - 3));
  response.content_type = parts[0];
  if (parts.size() > 1) response.body = parts[1];
  for (std::size_t i = 2; i + 1 < parts.size(); i += 2)
    response.headers.emplace_back(parts[i], parts[i + 1]);

  std::string head = "stale";
  if (!gt3::http::write_response_head(head, response, fields)) {
    bool broken =
        response.status < 100 || response.status > 999 || has_control(response.content_type);
    const bool bodiless = response.status < 200 || response.status == 204 || response.status == 304;
    broken = broken || (bodiless && !response.body.empty());
    for (const auto& [name, value] : response.headers) {
      broken = broken || has_control(value) || !is_token(name);
      for (std::string_view own : {"content-length", "transfer-encoding", "connection", "date",
                                   "server", "content-type"}) {
        broken = broken || boost::beast::iequals(name, own);
      }
    }
    check(broken);
    return 0;
  }

  bhttp::response_parser<bhttp::string_body> parser;
  parser.eager(true);
  parser.body_limit(1 << 20);
  parser.header_limit(1 << 20);
  const std::string wire = head + response.body;
  boost::system::error_code ec;
  const std::size_t used = parser.put(boost::asio::buffer(wire), ec);
  if (!ec && !parser.is_done() && response.status < 200) {
    check(used == wire.size());  // a 1xx ends at its head; Beast waits for the final answer
    return 0;
  }
  check(!ec && parser.is_done() && used == wire.size());
  const auto& parsed = parser.get();
  check(parsed.version() == fields.version);
  check(static_cast<int>(parsed.result_int()) == response.status);
  check(parsed.body() == response.body);
  const auto seen = fields_read_back(parsed);
  check_read_back(response.headers, seen);
  // Server, Date and Connection; Content-Type when set; Content-Length but on a 1xx or 204.
  const std::size_t own =
      3 + !response.content_type.empty() + !(response.status < 200 || response.status == 204);
  check(seen.size() == own + response.headers.size());
  return 0;
}
