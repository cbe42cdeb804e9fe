// Router: method + exact path -> handler. An unknown path answers 404, a known path with
// another method 405 with an Allow header, both as JSON errors. Handlers are coroutines so that
// a route can wait on the cloud or a timer without holding an I/O thread.
//
// A HEAD request is routed to the GET handler when no HEAD handler is registered (the server
// sends the headers without the body); the Allow header of a 405 then lists HEAD too.
//
// Routes are added before the server starts; lookups are then read-only and thread-safe.
// Copies are deep: a copy never shares routes with the original.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http/request.h"
#include "http/response.h"

namespace gt3::http {

using Handler = std::function<boost::asio::awaitable<Response>(const Request&)>;

class Router {
 public:
  Router();
  ~Router();
  Router(const Router& other);
  Router& operator=(const Router& other);
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  // Later additions for the same method and path replace earlier ones.
  Router& add(Method method, std::string path, Handler handler);

  // A handler for every path under `prefix` (e.g. "/static/") that no exact route matched.
  Router& add_prefix(Method method, std::string prefix, Handler handler);

  // Wraps the router's own answers (the 404 and the 405 above) as a caller wraps its routes'
  // handlers, e.g. to count and log them; copies keep the wrapping. A later call replaces it.
  Router& wrap_own_answers(std::function<Handler(Handler)> wrap);

  // The handler for the request, or a handler that answers the right 404/405.
  const Handler& route(const Request& request) const;

 private:
  struct Table;
  std::unique_ptr<Table> table_;  // behind a pointer so that the 405 handler's view of it is
                                  // stable when the Router moves into the server
};

}  // namespace gt3::http
