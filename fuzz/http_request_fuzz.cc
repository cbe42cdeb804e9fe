// Fuzz target http_request: the bytes of one connection, as the server reads them
// (http/request_parsing.h: Beast's request_parser with the server's default header and body
// limits, then percent-decoding of the target into path and query). Pipelined requests are read
// one after the other, as a keep-alive connection does.
//
// Checks: every step consumes bytes within the input; a routed request keeps the limits (body
// at most max_body_bytes) and its path is the decoded target up to '?'; an answer without
// routing is only 400, 413 or 431, with a JSON body.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "http/request_parsing.h"
#include "http/server.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const gt3::http::ServerOptions options;
  std::string_view wire(reinterpret_cast<const char*>(data), size);
  while (!wire.empty()) {
    const gt3::http::ReadRequest got =
        gt3::http::read_request(wire, options.max_header_bytes, options.max_body_bytes, "::1");
    check(got.consumed <= wire.size());
    check(!(got.request && got.answer));
    if (got.answer) {
      const int status = got.answer->status;
      check(status == 400 || status == 413 || status == 431);
      check(nlohmann::json::accept(got.answer->body));
    }
    if (!got.request) break;
    const gt3::http::Request& request = *got.request;
    check(request.body.size() <= options.max_body_bytes);
    check(request.peer_address == "::1");
    check(request.target.find('?') != std::string::npos || request.query.empty());
    if (got.consumed == 0) break;  // cannot happen for a whole request; never loop on it
    wire.remove_prefix(got.consumed);
  }
  return 0;
}
