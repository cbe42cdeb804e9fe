#include "service/request_recorder.h"

#include "service/logging.h"

namespace gt3::service {
namespace {

using boost::asio::awaitable;

awaitable<http::Response> run_instrumented(RequestRecorder* recorder, Route route,
                                           const http::Handler* handler,
                                           const http::Request& request) {
  const auto started = std::chrono::steady_clock::now();
  http::Response response = co_await (*handler)(request);
  recorder->record(route, response.status, std::chrono::steady_clock::now() - started,
                   request.peer_address, http::method_name(request.method), request.path);
  co_return response;
}

}  // namespace

http::Handler RequestRecorder::instrumented(Route route, http::Handler handler) {
  // The wrapper owns the handler; the coroutine borrows it for the request's duration, which the
  // router (holding the wrapper) outlives.
  return [this, route, handler = std::move(handler)](const http::Request& request) {
    return run_instrumented(this, route, &handler, request);
  };
}

void RequestRecorder::record(Route route, int code, std::chrono::nanoseconds took,
                             std::string_view peer, std::string_view method,
                             std::string_view path) {
  metrics_.request(route, code, took);
  if (access_log_.load(std::memory_order_relaxed)) log_access({route_name(route), peer, method, path, code, took});
}

void RequestRecorder::server_answered(const http::ServerAnswer& answer) {
  record(Route::kOther, answer.status, answer.took, answer.peer, answer.method, answer.target);
}

}  // namespace gt3::service
