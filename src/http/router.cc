#include "http/router.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

namespace gt3::http {

// One path's handlers, by method.
using MethodTable = std::map<Method, Handler>;

struct Router::Table {
  std::unordered_map<std::string, MethodTable> exact;
  std::vector<std::pair<std::string, MethodTable>> prefixes;  // longest prefix first
  std::function<Handler(Handler)> wrap_own;                   // may be empty
  Handler not_found;
  Handler method_not_allowed;

  Table() { bind(); }
  Table(const Table& other)
      : exact(other.exact), prefixes(other.prefixes), wrap_own(other.wrap_own) {
    bind();
  }
  Table& operator=(const Table&) = delete;

  // The 405 handler reads this table to name the allowed methods.
  void bind() {
    not_found = [](const Request& request) -> boost::asio::awaitable<Response> {
      co_return Response::error(404, "not_found",
                                "there is nothing at " + request.path + "; check the URL");
    };
    method_not_allowed = [this](const Request& request) -> boost::asio::awaitable<Response> {
      const MethodTable* methods = find(request.path);
      std::string allow;
      if (methods != nullptr) {
        for (const auto& [method, handler] : *methods) {
          if (!allow.empty()) allow += ", ";
          allow += method_name(method);
          if (method == Method::kGet && !methods->contains(Method::kHead)) allow += ", HEAD";
        }
      }
      Response response =
          Response::error(405, "method_not_allowed",
                          std::string(method_name(request.method)) + " is not allowed on " +
                              request.path + "; use " + allow);
      response.headers.emplace_back("Allow", allow);
      co_return response;
    };
    if (wrap_own) {
      not_found = wrap_own(std::move(not_found));
      method_not_allowed = wrap_own(std::move(method_not_allowed));
    }
  }

  const MethodTable* find(const std::string& path) const {
    if (auto it = exact.find(path); it != exact.end()) return &it->second;
    for (const auto& [prefix, methods] : prefixes) {
      if (path.starts_with(prefix)) return &methods;
    }
    return nullptr;
  }
};

Router::Router() : table_(std::make_unique<Table>()) {}
Router::~Router() = default;
Router::Router(const Router& other) : table_(std::make_unique<Table>(*other.table_)) {}
Router& Router::operator=(const Router& other) {
  if (this != &other) table_ = std::make_unique<Table>(*other.table_);
  return *this;
}
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

Router& Router::add(Method method, std::string path, Handler handler) {
  table_->exact[std::move(path)][method] = std::move(handler);
  return *this;
}

Router& Router::add_prefix(Method method, std::string prefix, Handler handler) {
  auto& prefixes = table_->prefixes;
  auto it = std::find_if(prefixes.begin(), prefixes.end(),
                         [&](const auto& entry) { return entry.first == prefix; });
  if (it == prefixes.end()) {
    // Keep the longest prefixes first so that "/static/img/" wins over "/static/".
    it = std::find_if(prefixes.begin(), prefixes.end(),
                      [&](const auto& entry) { return entry.first.size() < prefix.size(); });
    it = prefixes.emplace(it, std::move(prefix), MethodTable{});
  }
  it->second[method] = std::move(handler);
  return *this;
}

Router& Router::wrap_own_answers(std::function<Handler(Handler)> wrap) {
  table_->wrap_own = std::move(wrap);
  table_->bind();
  return *this;
}

const Handler& Router::route(const Request& request) const {
  const MethodTable* methods = table_->find(request.path);
  if (methods == nullptr) return table_->not_found;
  if (auto it = methods->find(request.method); it != methods->end()) return it->second;
  if (request.method == Method::kHead) {
    if (auto it = methods->find(Method::kGet); it != methods->end()) return it->second;
  }
  return table_->method_not_allowed;
}

}  // namespace gt3::http
