#include "service/service.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "gt3/asio_http_client.h"
#include "http/io_threads.h"
#include "http/server.h"
#include "offline/fallback_ledger.h"
#include "offline/memory_ledger.h"
#include "offline/redis_ledger.h"
#include "service/captcha_routes.h"
#include "service/status_keeper.h"
#include "service/status_routes.h"

namespace gt3::service {
namespace {

using boost::asio::awaitable;

StatusKeeperSettings keeper_settings(const ServiceConfig& config) {
  StatusKeeperSettings settings;
  settings.captcha_id = config.geetest.client.captcha_id;
  settings.bypass_url = config.geetest.bypass_url;
  settings.instant = config.bypass.mode == BypassMode::kInstant;
  settings.checker = config.bypass.checker;
  settings.instant_cache = config.bypass.instant_cache;
  if (config.store.kind == StoreKind::kRedis) settings.redis = config.store.redis_options();
  return settings;
}

CaptchaOptions captcha_options(const ServiceConfig& config) {
  CaptchaOptions options;
  options.policy = config.offline.policy;
  options.pow_difficulty = config.offline.pow_difficulty;
  options.challenge_ttl = config.offline.challenge_ttl;
  options.accept_issued_when_unreachable =
      config.offline.online_fallback == OnlineFallback::kIssued;
  options.failback = config.bypass.mode == BypassMode::kFailback;
  return options;
}

// With Redis, the ledger is shared by the fleet; while Redis cannot be reached each instance
// keeps its own, so that offline users are still served and replays to one instance refused.
std::unique_ptr<offline::ChallengeLedger> make_ledger(const ServiceConfig& config,
                                                      offline::RedisLedger*& redis) {
  if (config.store.kind != StoreKind::kRedis) return std::make_unique<offline::MemoryLedger>();
  offline::RedisLedgerOptions options;
  options.url = config.store.redis_options().url;
  auto primary = std::make_unique<offline::RedisLedger>(std::move(options));
  redis = primary.get();
  return std::make_unique<offline::FallbackLedger>(std::move(primary),
                                                   std::make_unique<offline::MemoryLedger>());
}

}  // namespace

struct Service::Parts {
  explicit Parts(ServiceConfig c)
      : config(std::move(c)),
        io(static_cast<unsigned>(config.server.threads)),
        http(io.context()),
        signer(config.offline.secret, config.offline.challenge_ttl),
        ledger(make_ledger(config, redis_ledger)),
        limiter({static_cast<double>(config.offline.rate_limit_per_minute),
                 static_cast<double>(config.offline.rate_limit_burst)}),
        client(config.geetest.client, http, [this] { return signer.issue(); }) {
    if (config.bypass.mode != BypassMode::kFailback) {
      keeper = std::make_unique<StatusKeeper>(io.context(), http, keeper_settings(config));
      auto& availability = keeper->availability();
      availability.add_probe_listener([this](const bypass::ProbeResult& r) { metrics.probe(r); });
      availability.add_transition_listener([this](const bypass::Transition& t) {
        metrics.transition(t);
        metrics.mode(t.to);
      });
    }
    captcha =
        std::make_unique<CaptchaRoutes>(captcha_options(config), client, keeper.get(), signer,
                                        *ledger, limiter, config.server.trusted_proxies, metrics);
    status = std::make_unique<StatusRoutes>(
        keeper.get(), metrics, config.server.admin_token,
        StatusInfo{std::string(bypass_mode_name(config.bypass.mode)),
                   std::string(offline::policy_name(config.offline.policy))});
  }

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
    const auto took = std::chrono::steady_clock::now() - started;
    self->metrics.request(route, response.status, took);
    if (self->config.server.access_log) {
      spdlog::info("access: {} {} {} {} {:.3f} ms", request.peer_address,
                   http::method_name(request.method), request.path, response.status,
                   std::chrono::duration<double, std::milli>(took).count());
    }
    co_return response;
  }

  http::Router router(const std::function<void(http::Router&)>& extra_routes) {
    using http::Method;
    http::Router r;
    r.add(Method::kGet, "/register", instrumented(Route::kRegister, [this](const http::Request& q) {
            return captcha->register_challenge(q);
          }));
    r.add(Method::kPost, "/validate",
          instrumented(Route::kValidate,
                       [this](const http::Request& q) { return captcha->validate(q); }));
    r.add(
        Method::kGet, "/bypass/status",
        instrumented(Route::kStatus, [this](const http::Request& q) { return status->status(q); }));
    r.add(Method::kGet, "/healthz", instrumented(Route::kHealthz, [this](const http::Request& q) {
            return status->healthz(q);
          }));
    r.add(Method::kGet, "/metrics", instrumented(Route::kMetrics, [this](const http::Request& q) {
            return status->metrics(q);
          }));
    r.add(Method::kPost, "/admin/override",
          instrumented(Route::kAdmin,
                       [this](const http::Request& q) { return status->admin_override(q); }));
    if (extra_routes) extra_routes(r);
    return r;
  }

  ServiceConfig config;
  http::IoThreads io;
  AsioHttpClient http;
  ServiceMetrics metrics;
  std::unique_ptr<StatusKeeper> keeper;
  offline::ChallengeSigner signer;
  offline::RedisLedger* redis_ledger = nullptr;  // inside `ledger`, when the store is Redis
  std::unique_ptr<offline::ChallengeLedger> ledger;
  offline::RateLimiter limiter;
  GeetestClient client;
  std::unique_ptr<CaptchaRoutes> captcha;
  std::unique_ptr<StatusRoutes> status;
  std::unique_ptr<http::HttpServer> server;
  bool started = false;
  std::atomic<bool> stopped{false};
};

Service::Service(ServiceConfig config, std::function<void(http::Router&)> extra_routes)
    : parts_(std::make_unique<Parts>(std::move(config))) {
  http::ServerOptions options;
  options.listen = parts_->config.server.listen;
  options.max_body_bytes = parts_->config.server.max_body_bytes;
  options.shutdown_grace = parts_->config.server.shutdown_grace;
  parts_->server = std::make_unique<http::HttpServer>(parts_->io.context(), options,
                                                      parts_->router(extra_routes));
}

Service::~Service() { stop(); }

Result<void> Service::start() {
  if (parts_->started) return {};
  if (auto bound = parts_->server->start(); !bound) return bound;
  parts_->started = true;
  if (parts_->redis_ledger) parts_->redis_ledger->start();
  if (parts_->keeper) parts_->keeper->start();
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
  if (parts_->keeper) parts_->keeper->stop();  // releases the fleet lease
  if (parts_->redis_ledger) parts_->redis_ledger->stop();
  parts_->http.shutdown();
  parts_->io.stop();
}

std::uint16_t Service::port() const { return parts_->server->port(); }
boost::asio::io_context& Service::io() { return parts_->io.context(); }
StatusKeeper* Service::keeper() { return parts_->keeper.get(); }
const ServiceConfig& Service::config() const { return parts_->config; }

}  // namespace gt3::service
