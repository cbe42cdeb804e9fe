// Router: method + exact path -> handler. An unknown path answers 404, a known path with
// another method 405 with an Allow header, both as JSON errors. Handlers are coroutines so that
// a route can wait on the cloud or a timer without holding an I/O thread.
//
// Routes are added before the server starts; lookups are then read-only and thread-safe.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace gt3::http {

using Handler = std::function<boost::asio::awaitable<Response>(const Request&)>;

class Router {
 public:
  // Later additions for the same method and path replace earlier ones.
  Router& add(Method method, std::string path, Handler handler);

  // A handler for every path under `prefix` (e.g. "/static/") that no exact route matched.
  Router& add_prefix(Method method, std::string prefix, Handler handler);

  // The handler for the request, or a handler that answers the right 404/405.
  const Handler& route(const Request& request) const;

 private:
  // ... implementation's choice
};

}  // namespace gt3::http
