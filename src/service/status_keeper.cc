#include "service/status_keeper.h"

#include <atomic>

#include "bypass/fleet_member.h"
#include "bypass/instant_check.h"
#include "bypass/memory_status_store.h"
#include "bypass/probe.h"

namespace gt3::service {

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
    // The member decides whether the checker probes (leader, or alone without the store).
    parts_->checker->set_active(false);
    parts_->checker->start();
    parts_->member->start();
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

void StatusKeeper::set_override(bypass::Override mode) {
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

}  // namespace gt3::service
