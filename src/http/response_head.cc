#include "http/response_head.h"

#include <boost/beast/http/status.hpp>
#include <cstdio>
#include <ctime>

#include "http/field_syntax.h"

namespace gt3::http {
namespace {

// Fields the server writes itself: a handler's copy would contradict them.
bool is_server_field(std::string_view name) {
  return is_one_of(name, {"content-length", "transfer-encoding", "connection", "date", "server",
                          "content-type"});
}

}  // namespace

bool write_response_head(std::string& out, const Response& response, const HeadFields& fields) {
  const int status = response.status;
  if (status < 100 || status > 999) return false;
  const bool bodiless = status < 200 || status == 204;
  if ((bodiless || status == 304) && !response.body.empty()) return false;
  if (!is_field_value(fields.server_name) || !is_field_value(fields.date) ||
      !is_field_value(response.content_type)) {
    return false;
  }
  for (const auto& [name, value] : response.headers) {
    if (!is_token(name) || is_server_field(name) || !is_field_value(value)) return false;
  }

  out.clear();
  out.append(fields.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  append_number(out, static_cast<std::size_t>(status));
  out.push_back(' ');
  const auto reason =
      boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
  out.append(reason.data(), reason.size());
  out.append("\r\n");
  append_field(out, "Server", fields.server_name);
  append_field(out, "Date", fields.date);
  if (!response.content_type.empty()) append_field(out, "Content-Type", response.content_type);
  if (response.uncacheable) out.append("Cache-Control: no-store\r\n");
  for (const auto& [name, value] : response.headers) append_field(out, name, value);
  if (!bodiless) {
    out.append("Content-Length: ");
    append_number(out, response.body.size());
    out.append("\r\n");
  }
  append_field(out, "Connection", fields.keep_alive ? "keep-alive" : "close");
  out.append("\r\n");
  return true;
}

std::string_view http_date_now() {
  thread_local std::time_t formatted_second = -1;
  thread_local char text[64];
  thread_local std::size_t length = 0;
  const std::time_t now = std::time(nullptr);
  if (now != formatted_second) {
    // By hand, not strftime: its %a and %b follow the process's locale, which an embedder may set.
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm{};
    gmtime_r(&now, &tm);
    const int n = std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                                kDays[tm.tm_wday], tm.tm_mday, kMonths[tm.tm_mon],
                                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    length = n > 0 ? static_cast<std::size_t>(n) : 0;
    formatted_second = now;
  }
  return {text, length};
}

}  // namespace gt3::http
