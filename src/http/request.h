// Request: what a route handler sees of one HTTP request, already parsed and bounded by the
// server's limits. Plain data without Beast types, so handlers compile fast.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/params.h"

namespace gt3::http {

enum class Method { kGet, kHead, kPost, kPut, kDelete, kOptions, kPatch, kOther };

std::string_view method_name(Method method);

struct Request {
  Method method = Method::kGet;
  std::string target;  // as sent: path and query, still encoded
  std::string path;    // decoded path, without the query
  Params query;        // decoded query
  std::vector<std::pair<std::string, std::string>> headers;  // as sent, in order
  std::string body;
  std::string peer_address;  // IP address of the TCP peer, e.g. "127.0.0.1" or "::1"

  // The first header of that name (case-insensitive), or "" when absent.
  std::string_view header(std::string_view name) const;

  // Content-Type without parameters, lower-cased: "application/x-www-form-urlencoded".
  std::string content_type() const;
};

}  // namespace gt3::http
