#include "http/request.h"

#include <algorithm>
#include <boost/beast/core/string.hpp>

#include "sdk/text.h"

namespace gt3::http {

std::string_view method_name(Method method) {
  switch (method) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kPatch:
      return "PATCH";
    case Method::kOther:
      break;
  }
  return "OTHER";
}

std::string_view Request::header(std::string_view name) const {
  for (const auto& [field, value] : headers) {
    if (boost::beast::iequals(field, name)) return value;
  }
  return {};
}

std::string Request::header_list(std::string_view name) const {
  std::string combined;
  bool first = true;
  for (const auto& [field, value] : headers) {
    if (!boost::beast::iequals(field, name)) continue;
    if (!first) combined += ", ";
    combined += value;
    first = false;
  }
  return combined;
}

namespace {

// Content-Type as sent, without its parameters.
std::string_view media_type(const Request& request) {
  const std::string_view type = request.header("Content-Type");
  return trim(type.substr(0, type.find(';')));
}

}  // namespace

std::string Request::content_type() const {
  std::string lower(media_type(*this));
  std::transform(lower.begin(), lower.end(), lower.begin(), ascii_lower);
  return lower;
}

bool Request::body_is_form() const {
  constexpr std::string_view kForm = "application/x-www-form-urlencoded";
  const std::string_view type = media_type(*this);
  // Senders write it in lower case: one memcmp, and the byte-wise iequals only for the rest.
  return type.empty() || type == kForm || boost::beast::iequals(type, kForm);
}

Result<Params> Request::form() const {
  if (!body_is_form()) return Params{};
  return Params::decode(body, /*plus_is_space=*/true);
}

}  // namespace gt3::http
