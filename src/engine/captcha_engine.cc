#include "engine/captcha_engine.h"

#include <atomic>
#include <stdexcept>

#include "engine/engine_options.h"
#include "gt3/asio_http_client.h"
#include "offline/fallback_ledger.h"
#include "offline/memory_ledger.h"
#include "offline/redis_ledger.h"

namespace gt3::engine {
namespace {

const BypassOptions& checked(const BypassOptions& options) {
  if (const auto problem = check_options(options)) throw std::invalid_argument(problem->message);
  return options;
}

// The Redis store's options, parsed once for the status store and the ledger (checked already).
std::optional<bypass::RedisStoreOptions> redis_options(const BypassOptions& options) {
  if (!options.redis) return std::nullopt;
  return parse_redis_options(*options.redis).value();
}

// With Redis, the ledger is shared by the fleet; while Redis cannot be reached each instance
// keeps its own, so that offline users are still served and replays to one instance refused.
std::unique_ptr<offline::ChallengeLedger> make_ledger(
    const BypassOptions& options, const std::optional<bypass::RedisStoreOptions>& redis_store,
    offline::RedisLedger*& redis) {
  const auto max_entries = static_cast<std::size_t>(options.offline.ledger_max_entries);
  if (!redis_store) return std::make_unique<offline::MemoryLedger>(max_entries);
  offline::RedisLedgerOptions ledger;
  ledger.url = redis_store->url;
  auto primary = std::make_unique<offline::RedisLedger>(std::move(ledger));
  redis = primary.get();
  return std::make_unique<offline::FallbackLedger>(
      std::move(primary), std::make_unique<offline::MemoryLedger>(max_entries));
}

// The client's first lane is where calls from other threads (the probes') run: `io`.
std::vector<boost::asio::io_context*> first_is(boost::asio::io_context& io,
                                               std::vector<boost::asio::io_context*> contexts) {
  if (contexts.empty() || contexts.front() != &io) {
    throw std::invalid_argument("CaptchaEngine: the call contexts must start with its io_context");
  }
  return contexts;
}

// Each lane keeps as many idle connections to the cloud as it has calls at once under heavy
// load: with the default 32, 128 calls in flight per lane opened and closed a connection per
// call. Not a client-driven bound: calls in flight are capped by the server's connections.
AsioHttpClientOptions cloud_client_options() {
  AsioHttpClientOptions options;
  options.max_idle_per_host = 128;
  return options;
}

}  // namespace

struct CaptchaEngine::Parts {
  Parts(boost::asio::io_context& context, std::vector<boost::asio::io_context*> call_contexts,
        const BypassOptions& options, BypassObserver& watcher)
      : Parts(context, std::move(call_contexts), options, watcher, redis_options(options)) {}

  Parts(boost::asio::io_context& context, std::vector<boost::asio::io_context*> call_contexts,
        const BypassOptions& options, BypassObserver& watcher,
        std::optional<bypass::RedisStoreOptions> redis_store)
      : io(context),
        http(std::move(call_contexts), cloud_client_options()),
        observer(watcher),
        signer(options.offline.secret, options.offline.previous_secrets,
               options.offline.challenge_ttl),
        ledger(make_ledger(options, redis_store, redis_ledger)),
        limiter({.per_minute = static_cast<double>(rate_limit_per_minute(options.offline)),
                 .burst = static_cast<double>(options.offline.rate_limit_burst),
                 .ipv6_prefix = options.offline.rate_limit_ipv6_prefix},
                SystemClock::instance(),
                static_cast<std::size_t>(options.offline.rate_limit_max_clients)),
        client(options.geetest, http, [this] { return signer.issue(); }) {
    if (options.mode != BypassMode::kFailback) {
      keeper = std::make_unique<StatusKeeper>(context, http,
                                              keeper_settings(options, std::move(redis_store)));
      auto& availability = keeper->availability();
      availability.add_probe_listener(
          [this](const ProbeResult& result) { observer.on_probe(result); });
      availability.add_transition_listener(
          [this](const Transition& transition) { observer.on_transition(transition); });
    }
    gate = std::make_unique<CaptchaGate>(gate_options(options), client, keeper.get(), signer,
                                         *ledger, limiter, observer);
  }

  boost::asio::io_context& io;
  AsioHttpClient http;
  BypassObserver& observer;
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

CaptchaEngine::CaptchaEngine(boost::asio::io_context& io, const BypassOptions& options,
                             BypassObserver& observer)
    : CaptchaEngine(io, {&io}, options, observer) {}

CaptchaEngine::CaptchaEngine(boost::asio::io_context& io,
                             std::vector<boost::asio::io_context*> call_contexts,
                             const BypassOptions& options, BypassObserver& observer)
    : parts_(std::make_unique<Parts>(io, first_is(io, std::move(call_contexts)), checked(options),
                                     observer)) {}

CaptchaEngine::~CaptchaEngine() { stop(); }

void CaptchaEngine::start() {
  if (parts_->started.exchange(true)) return;
  if (parts_->redis_ledger) parts_->redis_ledger->start();
  if (parts_->keeper) parts_->keeper->start();
}

void CaptchaEngine::stop() {
  if (parts_->stopped.exchange(true)) return;
  if (parts_->keeper) parts_->keeper->stop();  // releases the fleet lease
  if (parts_->redis_ledger) parts_->redis_ledger->stop();
  parts_->http.shutdown();
}

void CaptchaEngine::set_offline_secrets(Secret secret, std::vector<Secret> previous) {
  parts_->signer.rekey(std::move(secret), std::move(previous));
}

boost::asio::io_context& CaptchaEngine::io() { return parts_->io; }
CaptchaGate& CaptchaEngine::gate() { return *parts_->gate; }
StatusKeeper* CaptchaEngine::keeper() { return parts_->keeper.get(); }

}  // namespace gt3::engine
