#include "engine/status_keeper.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <future>

#include "bypass/fleet_member.h"
#include "bypass/instant_check.h"
#include "bypass/memory_status_store.h"
#include "bypass/probe.h"

namespace gt3::engine {

using bypass::HealthThresholds;

struct StatusKeeper::Parts {
  std::shared_ptr<const bypass::Probe> probe;
  std::unique_ptr<bypass::StatusStore> store;
  std::unique_ptr<bypass::HealthChecker> checker;       // poll
  std::unique_ptr<bypass::FleetMember> member;          // poll
  std::unique_ptr<bypass::InstantCheck> instant_check;  // instant
  std::atomic<bool> started{false};
  std::atomic<bool> stopped{false};
};

namespace {

// Past the probe's own deadline, a margin for its completion to reach this thread.
constexpr std::chrono::milliseconds kStartupMargin{200};

// Method 2 acts on each answer: one failure is offline, one success online.
HealthThresholds thresholds_for(const StatusKeeperSettings& settings) {
  return settings.instant ? HealthThresholds{1, 1} : settings.checker.thresholds;
}

}  // namespace

std::chrono::milliseconds StatusKeeper::status_ttl(const bypass::CheckerOptions& checker) {
  return 3 * checker.interval + checker.timeout;
}

StatusKeeper::StatusKeeper(boost::asio::io_context& io, HttpClient& http,
                           StatusKeeperSettings settings)
    : settings_(std::move(settings)),
      availability_(thresholds_for(settings_)),
      parts_(std::make_unique<Parts>()) {
  parts_->probe = std::make_shared<bypass::Probe>(
      bypass::ProbeTarget{settings_.bypass_url, settings_.captcha_id, settings_.checker.timeout},
      http);
  if (settings_.redis) {
    bypass::RedisStoreOptions options = *settings_.redis;
    options.compete_for_lease = !settings_.instant;
    parts_->store = std::make_unique<bypass::RedisStatusStore>(std::move(options));
  } else {
    parts_->store = std::make_unique<bypass::MemoryStatusStore>(io);
  }
  if (settings_.instant) {
    parts_->instant_check = std::make_unique<bypass::InstantCheck>(parts_->probe, availability_,
                                                                   settings_.instant_cache);
  } else {
    parts_->checker = std::make_unique<bypass::HealthChecker>(io, parts_->probe, availability_,
                                                              settings_.checker);
    parts_->member = std::make_unique<bypass::FleetMember>(
        *parts_->store, availability_, *parts_->checker, status_ttl(settings_.checker));
  }
}

StatusKeeper::~StatusKeeper() { stop(); }

void StatusKeeper::start() {
  if (parts_->started.exchange(true)) return;
  if (parts_->member) {
    // The first status is set, not transitioned into: nothing ran in the placeholder mode.
    availability_.begin_start();
    decide_first_status();
    availability_.end_start();
    return;
  }
  // Instant: the store carries only the override (a status in it is some other poller's).
  parts_->store->start({
      [this](const bypass::SharedState& state) {
        availability_.on_shared_state({std::nullopt, state.override_mode});
      },
      [](bool) {},
      [](bool) {},
  });
}

void StatusKeeper::decide_first_status() {
  // The member decides whether the checker probes (leader, or alone without the store).
  parts_->checker->set_active(false);
  if (!settings_.redis) {
    startup_probe();
    parts_->checker->start();
    parts_->member->start();
    return;
  }
  // A fresh status in the fleet's store is as good as a probe: the fleet's poller made it.
  auto answer = std::make_shared<std::promise<std::optional<gt3::CloudStatus>>>();
  auto answered = answer->get_future();
  parts_->member->set_on_first_answer(
      [answer](std::optional<gt3::CloudStatus> status) { answer->set_value(status); });
  parts_->checker->start();
  parts_->member->start();
  // The store answers (or gives up) within its command timeout.
  const auto store_bound = settings_.redis->command_timeout + kStartupMargin;
  if (answered.wait_for(store_bound) == std::future_status::ready && answered.get()) {
    log_first_status();
    return;
  }
  startup_probe();
}

void StatusKeeper::startup_probe() {
  auto result = std::make_shared<std::promise<gt3::ProbeResult>>();
  auto arrived = result->get_future();
  // The call holds the probe: a late answer may come after this keeper is gone.
  parts_->probe->run(
      [result, probe = parts_->probe](gt3::ProbeResult r) { result->set_value(std::move(r)); });
  const auto bound = settings_.checker.timeout + kStartupMargin;
  if (arrived.wait_for(bound) == std::future_status::ready) {
    availability_.on_startup_probe(arrived.get());
    log_first_status();
    return;
  }
  // A late answer only fulfils a promise nobody reads.
  gt3::ProbeResult timed_out;
  timed_out.reason = gt3::Reason::kTimeout;
  timed_out.latency = std::chrono::duration_cast<std::chrono::milliseconds>(bound);
  timed_out.detail = "no answer within " + std::to_string(bound.count()) + " ms at start-up";
  availability_.on_startup_probe(timed_out);
  log_first_status();
}

void StatusKeeper::log_first_status() const {
  const auto snapshot = availability_.snapshot();
  spdlog::info("bypass: starting {} ({})", captcha_mode_name(snapshot->mode), snapshot->cause);
}

void StatusKeeper::stop() {
  if (!parts_->started || parts_->stopped.exchange(true)) return;
  if (parts_->member) {
    parts_->member->stop();  // releases the lease
    parts_->checker->stop();
  } else {
    parts_->store->stop();
  }
}

void StatusKeeper::check(std::function<void(CaptchaMode)> done) {
  if (parts_->instant_check) {
    parts_->instant_check->check(std::move(done));
    return;
  }
  done(availability_.mode());
}

std::optional<CaptchaMode> StatusKeeper::mode_now() const {
  if (parts_->instant_check) return std::nullopt;
  return availability_.mode();
}

void StatusKeeper::set_override(gt3::Override mode) {
  if (parts_->member) {
    parts_->member->set_override(mode);
    return;
  }
  availability_.set_override(mode);
  parts_->store->write_override(mode);
}

FleetView StatusKeeper::fleet() const {
  FleetView view;
  view.store = settings_.redis ? "redis" : "memory";
  if (parts_->member) {
    view.leader = parts_->member->leader();
    view.store_reachable = parts_->member->store_reachable();
    view.probing_alone = parts_->member->probing_alone();
  } else {
    view.store_reachable = true;
  }
  return view;
}

}  // namespace gt3::engine
