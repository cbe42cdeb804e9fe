#include "service/monitor.h"

#include <spdlog/spdlog.h>

#include <atomic>

#include "engine/status_keeper.h"
#include "gt3/asio_http_client.h"
#include "http/io_threads.h"
#include "http/server.h"
#include "service/live_settings.h"
#include "service/request_recorder.h"
#include "service/service_metrics.h"
#include "service/status_routes.h"

namespace gt3::service {
namespace {

// A scraper and a health checker, a few at a time: far below any descriptor limit.
constexpr std::size_t kMaxConnections = 64;

engine::StatusKeeperSettings keeper_settings(const ServiceConfig& config) {
  engine::StatusKeeperSettings settings;
  settings.captcha_id = config.geetest.client.captcha_id;
  settings.bypass_url = config.geetest.bypass_url;
  settings.checker = config.bypass.checker;
  if (config.store.kind == StoreKind::kRedis) settings.redis = config.store.redis_options();
  return settings;
}

}  // namespace

struct Monitor::Parts {
  explicit Parts(ServiceConfig c)
      : config(std::move(c)),
        http(io.context()),
        keeper(io.context(), http, keeper_settings(config)),
        recorder(metrics, /*access_log=*/false),
        status(&keeper, metrics, no_admin,
               StatusInfo{std::string(bypass_mode_name(config.bypass.mode)), "", /*poller=*/true}) {
    // Before start(), so that the start-up probe counts too.
    keeper.availability().add_probe_listener(
        [this](const ProbeResult& result) { metrics.on_probe(result); });
    keeper.availability().add_transition_listener(
        [this](const Transition& transition) { metrics.on_transition(transition); });
    if (!config.monitor.listen.empty()) {
      http::ServerOptions options;
      options.listen = config.monitor.listen;
      options.max_connections = kMaxConnections;
      options.on_server_answer = [this](const http::ServerAnswer& answer) {
        recorder.server_answered(answer);
      };
      server = std::make_unique<http::HttpServer>(io.context(), options, router());
    }
  }

  http::Router router() {
    http::Router r;
    r.add(http::Method::kGet, "/healthz",
          recorder.instrumented(Route::kHealthz,
                                [this](const http::Request& q) { return status.healthz(q); }));
    r.add(http::Method::kGet, "/metrics",
          recorder.instrumented(Route::kMetrics,
                                [this](const http::Request& q) { return status.metrics(q); }));
    r.wrap_own_answers([this](http::Handler handler) {
      return recorder.instrumented(Route::kOther, std::move(handler));
    });
    return r;
  }

  ServiceConfig config;
  http::IoThreads io{1};
  AsioHttpClient http;
  ServiceMetrics metrics{MetricsScope::kMonitor};  // hears the keeper: declared first, outlives it
  engine::StatusKeeper keeper;
  RequestRecorder recorder;
  // The monitor has no /admin and no captcha routes: nothing of these is ever read or reloaded.
  const LiveSnapshot<LiveSettings> no_admin{LiveSettings{}};
  StatusRoutes status;
  std::unique_ptr<http::HttpServer> server;
  bool started = false;
  std::atomic<bool> stopped{false};
};

Monitor::Monitor(ServiceConfig config) : parts_(std::make_unique<Parts>(std::move(config))) {}

Monitor::~Monitor() { stop(); }

Result<void> Monitor::start() {
  if (parts_->started) return {};
  parts_->keeper.start();  // the first status, before anything is served
  if (parts_->server) {
    if (auto bound = parts_->server->start(); !bound) {
      parts_->keeper.stop();
      return bound;
    }
  }
  parts_->started = true;
  return {};
}

void Monitor::stop() {
  if (parts_->stopped.exchange(true)) return;
  if (parts_->server) parts_->server->stop();
  parts_->keeper.stop();  // releases the lease
  parts_->http.shutdown();
  parts_->io.stop();
}

std::uint16_t Monitor::port() const { return parts_->server ? parts_->server->port() : 0; }

engine::StatusKeeper& Monitor::keeper() { return parts_->keeper; }
const ServiceConfig& Monitor::config() const { return parts_->config; }

}  // namespace gt3::service
