#include "bypass/availability.h"

#include <spdlog/spdlog.h>

namespace gt3::bypass {
namespace {

CaptchaMode mode_for(CloudStatus cloud, Override override_mode) {
  switch (override_mode) {
    case Override::kForceOnline:
      return CaptchaMode::kOnline;
    case Override::kForceOffline:
      return CaptchaMode::kOffline;
    case Override::kAuto:
      break;
  }
  return cloud == CloudStatus::kSuccess ? CaptchaMode::kOnline : CaptchaMode::kOffline;
}

std::string probe_cause(const ProbeResult& result) {
  std::string cause = "probe ";
  cause += probe_outcome_name(result.reason);
  if (!result.detail.empty()) cause += " (" + result.detail + ")";
  return cause;
}

}  // namespace

Availability::Availability(HealthThresholds thresholds, const Clock& clock,
                           std::size_t history_size)
    : clock_(clock), history_size_(history_size), health_(thresholds) {
  auto initial = std::make_shared<StatusSnapshot>();
  initial->since = clock_.wall_now();
  initial->cause = "start";
  snapshot_ = std::move(initial);
}

std::vector<Transition> Availability::history() const {
  std::lock_guard lock(mutex_);
  return {history_.begin(), history_.end()};
}

std::shared_ptr<const StatusSnapshot> Availability::snapshot() const {
  std::lock_guard lock(snapshot_mutex_);
  return snapshot_;
}

Availability::Change Availability::publish_locked(std::string cause,
                                                  std::optional<ProbeResult> probe,
                                                  bool always_cause, bool sets) {
  Change change;
  const auto previous = snapshot();
  auto next = std::make_shared<StatusSnapshot>(*previous);
  next->cloud = health_.status();
  next->override_mode = override_;
  next->mode = mode_for(next->cloud, override_);
  if (probe) next->last_probe = std::move(probe);
  if (next->mode != previous->mode) {
    next->since = clock_.wall_now();
    next->cause = cause;
    // The first decision replaces the placeholder: the service was never in the previous mode,
    // so there is no transition to record.
    if (!starting_ && !sets) {
      if (previous->mode == CaptchaMode::kOffline) next->offline_ended = next->since;
      change.transition = Transition{next->since, previous->mode, next->mode, cause};
      history_.push_back(*change.transition);
      while (history_.size() > history_size_) history_.pop_front();
      spdlog::info("bypass: {} -> {}: {}", captcha_mode_name(previous->mode),
                   captcha_mode_name(next->mode), cause);
    }
  } else if (always_cause || next->cloud != previous->cloud ||
             next->override_mode != previous->override_mode) {
    next->cause = cause;
  }
  mode_.store(next->mode, std::memory_order_release);
  {
    std::lock_guard lock(snapshot_mutex_);
    snapshot_ = next;
  }
  change.snapshot = std::move(next);
  return change;
}

void Availability::notify(const Change& change) {
  std::vector<Listener> listeners;
  std::vector<std::function<void(const ProbeResult&)>> probe_listeners;
  std::vector<std::function<void(const Transition&)>> transition_listeners;
  std::function<void(CloudStatus)> on_flip;
  {
    std::lock_guard lock(mutex_);
    listeners = listeners_;
    if (change.probe) probe_listeners = probe_listeners_;
    if (change.transition) transition_listeners = transition_listeners_;
    on_flip = on_flip_;
  }
  if (change.flipped && on_flip) on_flip(*change.flipped);
  for (const auto& listener : probe_listeners) listener(*change.probe);
  for (const auto& listener : transition_listeners) listener(*change.transition);
  for (const auto& listener : listeners) listener(*change.snapshot);
}

CloudStatus Availability::on_probe(const ProbeResult& result) {
  Change change;
  CloudStatus status;
  {
    std::lock_guard lock(mutex_);
    const bool verdict = result.reason == Reason::kCloudReportsFail ||
                         result.reason == Reason::kHttpStatus || result.reason == Reason::kBadBody;
    const auto flipped = health_.probe(result.ok(), verdict);
    change = publish_locked(probe_cause(result), result);
    change.flipped = flipped;
    status = health_.status();
  }
  change.probe = &result;
  notify(change);
  return status;
}

void Availability::on_startup_probe(const ProbeResult& result) {
  decide_from_probe(result, "startup probe: ", /*sets=*/false);
}

void Availability::on_first_check(const ProbeResult& result) {
  decide_from_probe(result, "first check: ", /*sets=*/true);
  const auto decided = snapshot();
  spdlog::info("bypass: {} after the first check ({})", captcha_mode_name(decided->mode),
               decided->cause);
}

void Availability::decide_from_probe(const ProbeResult& result, std::string_view cause_prefix,
                                     bool sets) {
  Change change;
  {
    std::lock_guard lock(mutex_);
    const CloudStatus before = health_.status();
    const CloudStatus decided = result.ok() ? CloudStatus::kSuccess : CloudStatus::kFail;
    health_ = HealthState(health_.thresholds(), decided);
    change = publish_locked(
        std::string(cause_prefix) + std::string(probe_outcome_name(result.reason)), result,
        /*always_cause=*/true, sets);
    if (decided != before) change.flipped = decided;
  }
  change.probe = &result;
  notify(change);
}

void Availability::begin_start() {
  std::lock_guard lock(mutex_);
  starting_ = true;
}

void Availability::end_start() {
  std::lock_guard lock(mutex_);
  starting_ = false;
}

void Availability::on_cloud_call(Reason reason) {
  Change change;
  {
    std::lock_guard lock(mutex_);
    if (reason == Reason::kOk) {
      health_.passive_success();
      return;
    }
    if (!is_unreachable(reason)) return;
    const auto flipped = health_.passive_failure();
    if (!flipped) return;
    change = publish_locked("a user's cloud call failed: " + std::string(reason_name(reason)),
                            std::nullopt);
    change.flipped = flipped;
  }
  notify(change);
}

void Availability::on_shared_state(const SharedState& state) {
  Change change;
  {
    std::lock_guard lock(mutex_);
    const bool same_status = !state.status || *state.status == health_.status();
    const bool decides_start = starting_ && state.status;
    if (same_status && state.override_mode == override_ && !decides_start) return;
    if (state.status) health_ = HealthState(health_.thresholds(), *state.status);
    override_ = state.override_mode;
    change = publish_locked(
        "fleet store: " +
            std::string(state.status ? cloud_status_name(*state.status) : "no status") +
            ", override " + std::string(override_name(state.override_mode)),
        std::nullopt, /*always_cause=*/decides_start);
  }
  notify(change);
}

void Availability::set_override(Override mode) {
  Change change;
  {
    std::lock_guard lock(mutex_);
    if (mode == override_) return;
    override_ = mode;
    change = publish_locked("override " + std::string(override_name(mode)), std::nullopt);
  }
  notify(change);
}

void Availability::add_listener(Listener listener) {
  std::lock_guard lock(mutex_);
  listeners_.push_back(std::move(listener));
}

void Availability::add_probe_listener(std::function<void(const ProbeResult&)> listener) {
  std::lock_guard lock(mutex_);
  probe_listeners_.push_back(std::move(listener));
}

void Availability::add_transition_listener(std::function<void(const Transition&)> listener) {
  std::lock_guard lock(mutex_);
  transition_listeners_.push_back(std::move(listener));
}

void Availability::set_on_status_flip(std::function<void(CloudStatus)> on_flip) {
  std::lock_guard lock(mutex_);
  on_flip_ = std::move(on_flip);
}

}  // namespace gt3::bypass
