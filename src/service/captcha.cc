#include "service/captcha.h"

#include <atomic>

#include "gt3/asio_http_client.h"
#include "offline/fallback_ledger.h"
#include "offline/memory_ledger.h"
#include "offline/redis_ledger.h"

namespace gt3::service {
namespace {

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
  const auto max_entries = static_cast<std::size_t>(config.offline.ledger_max_entries);
  if (config.store.kind != StoreKind::kRedis) {
    return std::make_unique<offline::MemoryLedger>(max_entries);
  }
  offline::RedisLedgerOptions options;
  options.url = config.store.redis_options().url;
  auto primary = std::make_unique<offline::RedisLedger>(std::move(options));
  redis = primary.get();
  return std::make_unique<offline::FallbackLedger>(
      std::move(primary), std::make_unique<offline::MemoryLedger>(max_entries));
}

}  // namespace

struct Captcha::Parts {
  Parts(boost::asio::io_context& io, const ServiceConfig& config)
      : http(io),
        signer(config.offline.secret, config.offline.challenge_ttl),
        ledger(make_ledger(config, redis_ledger)),
        limiter({.per_minute = static_cast<double>(config.offline.rate_limit_per_minute),
                 .burst = static_cast<double>(config.offline.rate_limit_burst),
                 .ipv6_prefix = config.offline.rate_limit_ipv6_prefix},
                SystemClock::instance(),
                static_cast<std::size_t>(config.offline.rate_limit_max_clients)),
        client(config.geetest.client, http, [this] { return signer.issue(); }) {
    if (config.bypass.mode != BypassMode::kFailback) {
      keeper = std::make_unique<StatusKeeper>(io, http, keeper_settings(config));
      auto& availability = keeper->availability();
      availability.add_probe_listener([this](const bypass::ProbeResult& r) { metrics.probe(r); });
      availability.add_transition_listener([this](const bypass::Transition& t) {
        metrics.transition(t);
        metrics.mode(t.to);
      });
    }
    gate = std::make_unique<CaptchaGate>(captcha_options(config), client, keeper.get(), signer,
                                         *ledger, limiter, metrics);
  }

  AsioHttpClient http;
  ServiceMetrics metrics;
  std::unique_ptr<StatusKeeper> keeper;
  offline::ChallengeSigner signer;
  offline::RedisLedger* redis_ledger = nullptr;  // inside `ledger`, when the store is Redis
  std::unique_ptr<offline::ChallengeLedger> ledger;
  offline::RateLimiter limiter;
  GeetestClient client;
  std::unique_ptr<CaptchaGate> gate;
  std::atomic<bool> started{false};
  std::atomic<bool> stopped{false};
};

Captcha::Captcha(boost::asio::io_context& io, const ServiceConfig& config)
    : parts_(std::make_unique<Parts>(io, config)) {}

Captcha::~Captcha() { stop(); }

void Captcha::start() {
  if (parts_->started.exchange(true)) return;
  if (parts_->redis_ledger) parts_->redis_ledger->start();
  if (parts_->keeper) parts_->keeper->start();
}

void Captcha::stop() {
  if (parts_->stopped.exchange(true)) return;
  if (parts_->keeper) parts_->keeper->stop();  // releases the fleet lease
  if (parts_->redis_ledger) parts_->redis_ledger->stop();
  parts_->http.shutdown();
}

CaptchaGate& Captcha::gate() { return *parts_->gate; }
StatusKeeper* Captcha::keeper() { return parts_->keeper.get(); }
ServiceMetrics& Captcha::metrics() { return parts_->metrics; }

}  // namespace gt3::service
