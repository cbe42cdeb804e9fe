#include "service/service.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "engine/captcha_engine.h"
#include "http/io_threads.h"
#include "http/server.h"
#include "sdk/live_snapshot.h"
#include "service/captcha_routes.h"
#include "service/config_reload.h"
#include "service/live_settings.h"
#include "service/page_routes.h"
#include "service/request_recorder.h"
#include "service/status_routes.h"

namespace gt3::service {

struct Service::Parts {
  Parts(ServiceConfig c, bool demo)
      : config(std::move(c)),
        // A context per I/O thread: each connection stays on one thread (http/server.h), and so
        // does its cloud call (the engine's lanes); the probes and timers share the first.
        io(static_cast<unsigned>(config.server.threads),
           http::IoThreads::Layout::kContextPerThread),
        metrics(demo ? MetricsScope::kDemo : MetricsScope::kServe),
        recorder(metrics, config.server.access_log),
        captcha(io.context(), io.contexts(), bypass_options(config), metrics),
        live(LiveSettings::of(config)),
        routes(captcha.gate(), live),
        status(captcha.keeper(), metrics, live,
               StatusInfo{std::string(bypass_mode_name(config.bypass.mode)),
                          std::string(gt3::offline_policy_name(config.offline.policy))}),
        running(config) {}

  // Measures and (optionally) logs every request of a route.
  http::Handler instrumented(Route route, http::Handler handler) {
    return recorder.instrumented(route, std::move(handler));
  }

  http::Router router(std::vector<ExtraRoute> extra_routes, const PageHost& page_host) {
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
    add_page_routes(r, config, page_host, [this](http::Handler handler) {
      return instrumented(Route::kPage, std::move(handler));
    });
    // The router's 404 and 405 are answers of the service too: an operator counts them.
    r.wrap_own_answers(
        [this](http::Handler handler) { return instrumented(Route::kOther, std::move(handler)); });
    // The caller's routes (the demo's control) count and log like the others, under "demo".
    for (ExtraRoute& extra : extra_routes) {
      r.add(extra.method, std::move(extra.path),
            instrumented(Route::kDemo, std::move(extra.handler)));
    }
    return r;
  }

  // The server's own answers (limits, malformed requests, a handler that threw) count and log
  // under route "other", like the router's.
  void server_answered(const http::ServerAnswer& answer) { recorder.server_answered(answer); }

  ServiceConfig config;
  http::IoThreads io;
  ServiceMetrics metrics;  // the engine's observer: declared before it, so it outlives it
  RequestRecorder recorder;
  engine::CaptchaEngine captcha;
  LiveSnapshot<LiveSettings> live;  // what requests read of the live keys
  CaptchaRoutes routes;
  StatusRoutes status;
  std::mutex reload_mutex;  // one reload at a time
  ServiceConfig running;    // guarded by reload_mutex: `config` with the reloads applied
  std::unique_ptr<http::HttpServer> server;
  bool started = false;
  std::atomic<bool> stopped{false};
};

Service::Service(ServiceConfig config, std::vector<ExtraRoute> extra_routes, PageHost page_host)
    : parts_(std::make_unique<Parts>(std::move(config), page_host.demo)) {
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
      parts_->io.context(), options, parts_->router(std::move(extra_routes), page_host),
      parts_->io.contexts());
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

Result<std::vector<std::string>> Service::reload(const Result<ServiceConfig>& loaded) {
  Parts& parts = *parts_;
  std::lock_guard lock(parts.reload_mutex);
  auto plan = loaded ? plan_reload(parts.running, *loaded)
                     : Result<ReloadPlan>(boost::system::in_place_error, loaded.error());
  if (!plan) {
    parts.metrics.config_reload(false);
    return plan.error();
  }
  const ServiceConfig& next = plan->next;
  const OfflineSettings& offline = parts.running.offline;
  if (next.offline.secret != offline.secret ||
      next.offline.previous_secrets != offline.previous_secrets) {
    try {
      // First, as the one step that could still refuse: then nothing else has changed.
      parts.captcha.set_offline_secrets(next.offline.secret, next.offline.previous_secrets);
    } catch (const std::invalid_argument& e) {
      parts.metrics.config_reload(false);
      return Error{Reason::kBadConfig, std::string("offline.previous_secrets: ") + e.what()};
    }
  }
  parts.live.publish(LiveSettings::of(next));
  parts.recorder.set_access_log(next.server.access_log);
  parts.running = std::move(plan->next);
  parts.metrics.config_reload(true);
  return std::move(plan->changed);
}

std::uint16_t Service::port() const { return parts_->server->port(); }
boost::asio::io_context& Service::io() { return parts_->io.context(); }
engine::StatusKeeper* Service::keeper() { return parts_->captcha.keeper(); }
const ServiceConfig& Service::config() const { return parts_->config; }

}  // namespace gt3::service
