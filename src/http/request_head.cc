#include "http/request_head.h"

#include <cstdint>
#include <cstring>

#include "gt3/version.h"
#include "http/field_syntax.h"

namespace gt3::http {
namespace {

// Fields the client writes itself: a caller's copy would contradict them.
bool is_client_field(std::string_view name) {
  return is_one_of(name, {"host", "user-agent", "content-type", "content-length",
                          "transfer-encoding", "connection"});
}

bool is_target_byte(unsigned char c) { return c > 0x20 && c != 0x7f; }

// RFC 9112 section 3.2: origin-form, absolute-form and the rest hold no whitespace or control
// character; one would end the request line early. Eight bytes at a time, as is_field_value
// reads a value: a register call's target is a few hundred bytes.
bool is_request_target(std::string_view target) {
  if (target.empty()) return false;
  constexpr std::uint64_t kOnes = 0x0101010101010101;
  constexpr std::uint64_t kHighs = 0x8080808080808080;
  std::size_t i = 0;
  for (; i + 8 <= target.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, target.data() + i, sizeof word);
    const std::uint64_t up_to_space = (word - kOnes * 0x21) & ~word & kHighs;
    const std::uint64_t del = word ^ (kOnes * 0x7f);
    const std::uint64_t has_del = (del - kOnes) & ~del & kHighs;
    if ((up_to_space | has_del) != 0) return false;
  }
  for (; i < target.size(); ++i) {
    if (!is_target_byte(static_cast<unsigned char>(target[i]))) return false;
  }
  return true;
}

}  // namespace

bool write_request_head(std::string& out, const HttpRequest& request, const RequestLine& line) {
  const bool post = request.method == HttpMethod::kPost;
  if (!is_request_target(line.target) || !is_field_value(line.host_header) ||
      !is_field_value(line.user_agent) || (post && !is_field_value(request.content_type))) {
    return false;
  }
  for (const auto& [name, value] : request.headers) {
    if (!is_token(name) || is_client_field(name) || !is_field_value(value)) return false;
  }

  std::size_t size = line.target.size() + line.host_header.size() + line.user_agent.size() +
                     request.content_type.size() + 96;  // the fixed text around them
  for (const auto& [name, value] : request.headers) size += name.size() + value.size() + 4;
  out.clear();
  out.reserve(size);  // one allocation for a new head, rather than one per doubling
  out.append(post ? "POST " : "GET ").append(line.target).append(" HTTP/1.1\r\n");
  append_field(out, "Host", line.host_header);
  append_field(out, "User-Agent", line.user_agent);
  if (post) {
    if (!request.content_type.empty()) append_field(out, "Content-Type", request.content_type);
    out.append("Content-Length: ");
    append_number(out, request.body.size());
    out.append("\r\n");
  }
  for (const auto& [name, value] : request.headers) append_field(out, name, value);
  out.append("\r\n");
  return true;
}

std::string_view client_user_agent() {
  static const std::string kUserAgent = "cpp-gt3-bypass/" + std::string(kVersion);
  return kUserAgent;
}

}  // namespace gt3::http
