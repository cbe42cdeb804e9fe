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

std::string Request::content_type() const {
  std::string_view type = header("Content-Type");
  type = trim(type.substr(0, type.find(';')));
  std::string lower(type);
  std::transform(lower.begin(), lower.end(), lower.begin(), ascii_lower);
  return lower;
}

Result<Params> Request::form() const {
  const std::string type = content_type();
  if (!type.empty() && type != "application/x-www-form-urlencoded") return Params{};
  return Params::decode(body, /*plus_is_space=*/true);
}

}  // namespace gt3::http
