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

#include "http/response_head.h"

namespace {

namespace bhttp = boost::beast::http;

void check(bool condition) {
  if (!condition) std::abort();
}

bool has_control(std::string_view value) {
  for (const unsigned char c : value) {
    if ((c < 0x20 && c != '\t') || c == 0x7f) return true;
  }
  return false;
}

// RFC 9110 section 5.6.2, written out again as the oracle.
bool is_token(std::string_view name) {
  if (name.empty()) return false;
  for (const unsigned char c : name) {
    if (c <= 0x20 || c >= 0x7f ||
        std::string_view("\"(),/:;<=>?@[\\]{}").find(c) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

std::string_view trimmed(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return value;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  gt3::http::Response response;
  response.status = ((data[0] << 8) | data[1]) % 1100;
  const gt3::http::HeadFields fields{(data[2] & 1) ? 10u : 11u, (data[2] & 2) == 0, "gt3-bypass",
                                     "Wed, 02 Dec 2026 12:00:00 GMT"};
  std::vector<std::string> parts;
  std::string_view rest(reinterpret_cast<const char*>(data) + 3, size - 3);
  for (;;) {
    const auto cut = rest.find('\x1f');
    parts.emplace_back(rest.substr(0, cut));
    if (cut == std::string_view::npos) break;
    rest.remove_prefix(cut + 1);
  }
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
  std::vector<std::pair<std::string_view, std::string_view>> seen;
  for (const auto& field : parsed) seen.emplace_back(field.name_string(), field.value());
  // The handler's fields, each name's values in order. Only that order is the wire's: Beast's
  // field list keeps the fields of one name together.
  for (const auto& [name, value] : response.headers) {
    std::vector<std::string_view> given, read_back;
    for (const auto& [other, v] : response.headers) {
      if (boost::beast::iequals(other, name)) given.push_back(trimmed(v));
    }
    for (const auto& [other, v] : seen) {
      if (boost::beast::iequals(other, name)) read_back.push_back(v);
    }
    check(given == read_back);
  }
  // Server, Date and Connection; Content-Type when set; Content-Length but on a 1xx or 204.
  const std::size_t own =
      3 + !response.content_type.empty() + !(response.status < 200 || response.status == 204);
  check(seen.size() == own + response.headers.size());
  return 0;
}
