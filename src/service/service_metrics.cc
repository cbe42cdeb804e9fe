#include "service/service_metrics.h"

#include <prometheus/text_serializer.h>

#include <vector>

#include "gt3/bypass_captcha.h"
#include "gt3/version.h"

namespace gt3::service {
namespace {

// The routes each process serves.
std::vector<Route> routes_of(MetricsScope scope) {
  std::vector<Route> routes = {Route::kRegister, Route::kValidate, Route::kStatus, Route::kHealthz,
                               Route::kMetrics,  Route::kAdmin,    Route::kPage,   Route::kOther};
  switch (scope) {
    case MetricsScope::kServe:
      break;
    case MetricsScope::kDemo:
      routes.push_back(Route::kDemo);
      break;
    case MetricsScope::kMonitor:
      routes = {Route::kHealthz, Route::kMetrics, Route::kOther};
      break;
  }
  return routes;
}
constexpr std::array kModes = {CaptchaMode::kOnline, CaptchaMode::kOffline};
constexpr std::array kCloudReasons = {Reason::kOk,
                                      Reason::kTimeout,
                                      Reason::kRefused,
                                      Reason::kDns,
                                      Reason::kTls,
                                      Reason::kHttpStatus,
                                      Reason::kBadBody,
                                      Reason::kNetwork,
                                      Reason::kCancelled,
                                      Reason::kNotJson,
                                      Reason::kWrongType,
                                      Reason::kChallengeMissing,
                                      Reason::kChallengeEmpty,
                                      Reason::kChallengeZero,
                                      Reason::kChallengeMalformed,
                                      Reason::kSeccodeMissing,
                                      Reason::kSeccodeEmpty,
                                      Reason::kSeccodeFalse,
                                      Reason::kRequestRefused};
constexpr std::array kOfflineReasons = {
    Reason::kBlankField,        Reason::kChallengeForged,      Reason::kChallengeExpired,
    Reason::kChallengeReplayed, Reason::kChallengeNotIssued,   Reason::kPowInvalid,
    Reason::kRateLimited,       Reason::kOfflineDenied,        Reason::kCloudUnavailable,
    Reason::kLedgerUnavailable, Reason::kChallengeProvisional, Reason::kOfflineChallengeNeeded,
    Reason::kClientUnattributed};

// Latency buckets from 100 µs to 10 s: the local answers sit at the bottom, the cloud's deadline
// (800 ms by default) in the middle.
prometheus::Histogram::BucketBoundaries latency_buckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
          0.1,    0.25,    0.5,    0.8,   1.0,    2.5,   5.0,  10.0};
}

// The codes each route answers, pre-created so that a dashboard sees them at 0; a code not listed
// (a bug's, or a new answer's) is created when it first occurs. Nothing listed is impossible: a
// series that can never move would only mislead.
std::vector<int> codes_of(Route route) {
  switch (route) {
    case Route::kRegister:
      return {200, 400, 502};  // 502: the cloud refused the request (4xx), not an outage
    case Route::kValidate:
      return {200, 400, 415};
    case Route::kStatus:
    case Route::kHealthz:
    case Route::kMetrics:
      return {200};
    case Route::kAdmin:
      return {200, 400, 401, 404, 409};  // 404: no admin token; 409: failback has no status
    case Route::kPage:
      return {200, 404};
    case Route::kOther:
      // The router's (unknown path, wrong method) and the server's own (limits, malformed
      // requests, a handler that threw).
      return {400, 404, 405, 408, 413, 431, 500};
    case Route::kDemo:
      // 400: an unknown mode; 403: another origin's page; 415: not JSON.
      return {200, 400, 403, 415};
  }
  return {};
}

double seconds(std::chrono::nanoseconds d) { return std::chrono::duration<double>(d).count(); }

std::string_view call_name(CloudCall call) {
  return call == CloudCall::kRegister ? "register" : "validate";
}

}  // namespace

std::string_view route_name(Route route) {
  switch (route) {
    case Route::kRegister:
      return "register";
    case Route::kValidate:
      return "validate";
    case Route::kStatus:
      return "status";
    case Route::kHealthz:
      return "healthz";
    case Route::kMetrics:
      return "metrics";
    case Route::kAdmin:
      return "admin";
    case Route::kPage:
      return "page";
    case Route::kOther:
      return "other";
    case Route::kDemo:
      return "demo";
  }
  return "other";
}

ServiceMetrics::ServiceMetrics(MetricsScope scope)
    : registry_(std::make_shared<prometheus::Registry>()) {
  auto& reg = *registry_;
  const std::vector<Route> routes = routes_of(scope);
  http_requests_ = &prometheus::BuildCounter()
                        .Name("gt3_http_requests_total")
                        .Help("HTTP requests answered, by route and status code")
                        .Register(reg);
  for (Route route : routes) {
    for (int code : codes_of(route)) {
      http_by_code_[{route, code}] = &http_requests_->Add(
          {{"route", std::string(route_name(route))}, {"code", std::to_string(code)}});
    }
  }

  durations_family_ = &prometheus::BuildHistogram()
                           .Name("gt3_request_duration_seconds")
                           .Help("Time from a request's arrival at its route to its answer")
                           .Register(reg);
  for (Route route : routes) {
    durations_[static_cast<int>(route)] =
        &durations_family_->Add({{"route", std::string(route_name(route))}}, latency_buckets());
  }

  if (scope != MetricsScope::kMonitor) add_captcha_series(reg);

  auto& probes = prometheus::BuildCounter()
                     .Name("gt3_probes_total")
                     .Help("Availability probes by outcome class")
                     .Register(reg);
  for (Reason reason : gt3::kProbeReasons) {
    const std::string_view label = gt3::probe_outcome_name(reason);
    probes_[label] = &probes.Add({{"outcome", std::string(label)}});
  }
  probe_duration_ = &prometheus::BuildHistogram()
                         .Name("gt3_probe_duration_seconds")
                         .Help("Latency of availability probes")
                         .Register(reg)
                         .Add({}, latency_buckets());

  auto& transitions = prometheus::BuildCounter()
                          .Name("gt3_transitions_total")
                          .Help("Switches between online and offline mode")
                          .Register(reg);
  for (CaptchaMode from : kModes) {
    for (CaptchaMode to : kModes) {
      if (from == to) continue;
      transitions_[static_cast<int>(from)][static_cast<int>(to)] =
          &transitions.Add({{"from", std::string(captcha_mode_name(from))},
                            {"to", std::string(captcha_mode_name(to))}});
    }
  }

  mode_ = &prometheus::BuildGauge()
               .Name("gt3_mode")
               .Help("1 while requests run online, 0 while offline")
               .Register(reg)
               .Add({});
  mode_->Set(1);
  fleet_leader_ = &prometheus::BuildGauge()
                       .Name("gt3_fleet_leader")
                       .Help("1 while this instance holds the poller's lease, else 0")
                       .Register(reg);
  fleet_store_reachable_ = &prometheus::BuildGauge()
                                .Name("gt3_fleet_store_reachable")
                                .Help("1 while the status store answers, else 0")
                                .Register(reg);
  fleet_probing_alone_ =
      &prometheus::BuildGauge()
           .Name("gt3_fleet_probing_alone")
           .Help("1 while probing by itself: the store is away or no poller writes the status")
           .Register(reg);
  auto& reloads = prometheus::BuildCounter()
                      .Name("gt3_config_reloads_total")
                      .Help("Configuration reloads (SIGHUP), applied or refused")
                      .Register(reg);
  reloads_applied_ = &reloads.Add({{"result", "applied"}});
  reloads_refused_ = &reloads.Add({{"result", "refused"}});
  prometheus::BuildGauge()
      .Name("gt3_build_info")
      .Help("The running version")
      .Register(reg)
      .Add({{"version", std::string(kVersion)}})
      .Set(1);
}

void ServiceMetrics::add_captcha_series(prometheus::Registry& reg) {
  auto& captcha = prometheus::BuildCounter()
                      .Name("gt3_captcha_requests_total")
                      .Help("Register and validate answers by the mode they ran in and the result")
                      .Register(reg);
  for (Route route : {Route::kRegister, Route::kValidate}) {
    for (CaptchaMode mode : kModes) {
      for (bool success : {false, true}) {
        // A register that hands out no challenge (400, 502) is no captcha answer: every register
        // counted succeeded, so a register "fail" series could never move.
        if (route == Route::kRegister && !success) continue;
        captcha_[static_cast<int>(route)][static_cast<int>(mode)][success] =
            &captcha.Add({{"route", std::string(route_name(route))},
                          {"mode", std::string(captcha_mode_name(mode))},
                          {"result", success ? "success" : "fail"}});
      }
    }
  }

  auto& calls = prometheus::BuildCounter()
                    .Name("gt3_cloud_calls_total")
                    .Help("Calls to register.php and validate.php by outcome (reason ok = usable)")
                    .Register(reg);
  auto& call_durations = prometheus::BuildHistogram()
                             .Name("gt3_cloud_call_duration_seconds")
                             .Help("Latency of calls to the GeeTest cloud, failures included")
                             .Register(reg);
  for (CloudCall call : {CloudCall::kRegister, CloudCall::kValidate}) {
    const int i = static_cast<int>(call);
    for (Reason reason : kCloudReasons) {
      cloud_calls_[i][reason] = &calls.Add(
          {{"call", std::string(call_name(call))}, {"reason", std::string(reason_name(reason))}});
    }
    cloud_durations_[i] =
        &call_durations.Add({{"call", std::string(call_name(call))}}, latency_buckets());
  }

  auto& rejections = prometheus::BuildCounter()
                         .Name("gt3_offline_rejections_total")
                         .Help("Validations refused without the cloud, by reason")
                         .Register(reg);
  for (Reason reason : kOfflineReasons) {
    offline_rejections_[reason] = &rejections.Add({{"reason", std::string(reason_name(reason))}});
  }
}

void ServiceMetrics::request(Route route, int status, std::chrono::nanoseconds took) {
  const auto it = http_by_code_.find({route, status});
  Histogram* duration = durations_[static_cast<int>(route)];
  if (it != http_by_code_.end() && duration != nullptr) {
    duration->Observe(seconds(took));
    it->second->Increment();
    return;
  }
  // A rare code, or a route out of the scope (a bug's): Family::Add is thread-safe and returns the
  // same series for the same labels.
  std::lock_guard lock(lazy_mutex_);
  const std::string name(route_name(route));
  if (duration == nullptr) duration = &durations_family_->Add({{"route", name}}, latency_buckets());
  duration->Observe(seconds(took));
  http_requests_->Add({{"route", name}, {"code", std::to_string(status)}}).Increment();
}

void ServiceMetrics::captcha(Route route, CaptchaMode mode, bool success) {
  if (route != Route::kRegister && route != Route::kValidate) return;
  Counter* counter = captcha_[static_cast<int>(route)][static_cast<int>(mode)][success];
  if (counter != nullptr) counter->Increment();
}

void ServiceMetrics::cloud_call(CloudCall call, Reason reason, std::chrono::nanoseconds took) {
  const int i = static_cast<int>(call);
  if (cloud_durations_[i] == nullptr) return;  // a monitor makes no cloud call
  cloud_durations_[i]->Observe(seconds(took));
  const auto it = cloud_calls_[i].find(reason);
  if (it != cloud_calls_[i].end()) it->second->Increment();
}

void ServiceMetrics::probe(const gt3::ProbeResult& result) {
  probes_.at(gt3::probe_outcome_name(result.reason))->Increment();
  probe_duration_->Observe(seconds(result.latency));
}

void ServiceMetrics::transition(const gt3::Transition& transition) {
  if (transition.from == transition.to) return;
  transitions_[static_cast<int>(transition.from)][static_cast<int>(transition.to)]->Increment();
}

void ServiceMetrics::offline_rejection(Reason reason) {
  const auto it = offline_rejections_.find(reason);
  if (it != offline_rejections_.end()) it->second->Increment();
}

void ServiceMetrics::config_reload(bool applied) {
  (applied ? reloads_applied_ : reloads_refused_)->Increment();
}

void ServiceMetrics::mode(CaptchaMode mode) { mode_->Set(mode == CaptchaMode::kOnline ? 1 : 0); }

void ServiceMetrics::fleet(const FleetView& view) {
  // Family::Add is thread-safe and returns the same series for the same labels; the store's kind
  // never changes while the process runs, so each family holds one series.
  const prometheus::Labels labels{{"store", view.store}};
  fleet_leader_->Add(labels).Set(view.leader ? 1 : 0);
  fleet_store_reachable_->Add(labels).Set(view.store_reachable ? 1 : 0);
  fleet_probing_alone_->Add(labels).Set(view.probing_alone ? 1 : 0);
}

std::string ServiceMetrics::render() const {
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace gt3::service
