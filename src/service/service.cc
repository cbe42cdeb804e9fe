#include "service/service.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "engine/captcha_engine.h"
#include "http/io_threads.h"
#include "http/server.h"
#include "service/captcha_routes.h"
#include "service/page_routes.h"
#include "service/status_routes.h"

namespace gt3::service {

using boost::asio::awaitable;

struct Service::Parts {
  explicit Parts(ServiceConfig c)
      : config(std::move(c)),
        // A context per I/O thread: each connection stays on one thread (http/server.h); the
        // engine, its clients and timers share the first.
        io(static_cast<unsigned>(config.server.threads),
           http::IoThreads::Layout::kContextPerThread),
        captcha(io.context(), bypass_options(config), metrics),
        routes(captcha.gate(), config.server.trusted_proxies),
        status(captcha.keeper(), metrics, config.server.admin_token,
               StatusInfo{std::string(bypass_mode_name(config.bypass.mode)),
                          std::string(gt3::offline_policy_name(config.offline.policy))}) {}

  // Measures and (optionally) logs every request of a route.
  http::Handler instrumented(Route route, http::Handler handler) {
    return [this, route, handler = std::move(handler)](const http::Request& request) {
      return run_instrumented(this, route, &handler, request);
    };
  }

  static awaitable<http::Response> run_instrumented(Parts* self, Route route,
                                                    const http::Handler* handler,
                                                    const http::Request& request) {
    const auto started = std::chrono::steady_clock::now();
    http::Response response = co_await (*handler)(request);
    self->record(route, response.status, std::chrono::steady_clock::now() - started,
                 request.peer_address, http::method_name(request.method), request.path);
    co_return response;
  }

  // One answer counted, and logged with server.access_log ("-" for what was never read).
  void record(Route route, int code, std::chrono::nanoseconds took, std::string_view peer,
              std::string_view method, std::string_view path) {
    metrics.request(route, code, took);
    if (config.server.access_log) {
      spdlog::info("access: {} {} {} {} {:.3f} ms", peer, method.empty() ? "-" : method,
                   path.empty() ? "-" : path, code,
                   std::chrono::duration<double, std::milli>(took).count());
    }
  }

  http::Router router(const std::function<void(http::Router&)>& extra_routes, bool demo) {
    using http::Method;
    http::Router r;
    r.add(Method::kGet, "/register", instrumented(Route::kRegister, [this](const http::Request& q) {
            return routes.register_challenge(q);
          }));
    r.add(Method::kPost, "/validate",
          instrumented(Route::kValidate,
                       [this](const http::Request& q) { return routes.validate(q); }));
    r.add(
        Method::kGet, "/bypass/status",
        instrumented(Route::kStatus, [this](const http::Request& q) { return status.status(q); }));
    r.add(Method::kGet, "/healthz", instrumented(Route::kHealthz, [this](const http::Request& q) {
            return status.healthz(q);
          }));
    r.add(Method::kGet, "/metrics", instrumented(Route::kMetrics, [this](const http::Request& q) {
            return status.metrics(q);
          }));
    r.add(Method::kPost, "/admin/override",
          instrumented(Route::kAdmin,
                       [this](const http::Request& q) { return status.admin_override(q); }));
    add_page_routes(r, config, demo, [this](http::Handler handler) {
      return instrumented(Route::kPage, std::move(handler));
    });
    // The router's 404 and 405 are answers of the service too: an operator counts them.
    r.wrap_own_answers(
        [this](http::Handler handler) { return instrumented(Route::kOther, std::move(handler)); });
    if (extra_routes) extra_routes(r);
    return r;
  }

  // The server's own answers (limits, malformed requests, a handler that threw) count and log
  // under route "other", like the router's.
  void server_answered(const http::ServerAnswer& answer) {
    record(Route::kOther, answer.status, answer.took, answer.peer, answer.method, answer.target);
  }

  ServiceConfig config;
  http::IoThreads io;
  ServiceMetrics metrics;  // the engine's observer: declared before it, so it outlives it
  engine::CaptchaEngine captcha;
  CaptchaRoutes routes;
  StatusRoutes status;
  std::unique_ptr<http::HttpServer> server;
  bool started = false;
  std::atomic<bool> stopped{false};
};

Service::Service(ServiceConfig config, std::function<void(http::Router&)> extra_routes, bool demo)
    : parts_(std::make_unique<Parts>(std::move(config))) {
  http::ServerOptions options;
  options.listen = parts_->config.server.listen;
  options.max_body_bytes = parts_->config.server.max_body_bytes;
  options.shutdown_grace = parts_->config.server.shutdown_grace;
  options.max_connections = parts_->config.server.max_connections;
  options.request_timeout = parts_->config.server.request_timeout;
  options.on_server_answer = [parts = parts_.get()](const http::ServerAnswer& answer) {
    parts->server_answered(answer);
  };
  parts_->server = std::make_unique<http::HttpServer>(
      parts_->io.context(), options, parts_->router(extra_routes, demo), parts_->io.contexts());
}

Service::~Service() { stop(); }

Result<void> Service::start() {
  if (parts_->started) return {};
  // The first status is decided before the first request can arrive (StatusKeeper: start-up).
  parts_->captcha.start();
  if (auto bound = parts_->server->start(); !bound) {
    parts_->captcha.stop();
    return bound;
  }
  parts_->started = true;
  return {};
}

void Service::stop() {
  if (parts_->stopped.exchange(true)) return;
  auto& server = *parts_->server;
  server.stop();
  // Requests in flight may finish within the grace period; the server closes what is left.
  const auto deadline = std::chrono::steady_clock::now() + parts_->config.server.shutdown_grace +
                        std::chrono::milliseconds(200);
  while (server.connection_count() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  parts_->captcha.stop();
  parts_->io.stop();
}

std::uint16_t Service::port() const { return parts_->server->port(); }
boost::asio::io_context& Service::io() { return parts_->io.context(); }
engine::StatusKeeper* Service::keeper() { return parts_->captcha.keeper(); }
const ServiceConfig& Service::config() const { return parts_->config; }

}  // namespace gt3::service
