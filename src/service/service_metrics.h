// ServiceMetrics: what `serve` (and `demo`, and `monitor` on its own listener) exposes on
// GET /metrics in the Prometheus text format, through prometheus-cpp (docs/design.md section 5):
//
//   gt3_http_requests_total{route,code}                  every answered request: the service's
//                                                         routes, the pages and static files
//                                                         (page), the demo's control (demo), and
//                                                         the router's and server's own answers
//                                                         (other: 404, 405, 408, ...)
//   gt3_captcha_requests_total{route,mode,result}         register answers (always success) and
//                                                         validate verdicts, by mode
//   gt3_request_duration_seconds{route}                   histogram
//   gt3_cloud_calls_total{call,reason}                    register.php / validate.php outcomes
//   gt3_cloud_call_duration_seconds{call}                 histogram
//   gt3_probes_total{outcome}, gt3_probe_duration_seconds availability probes
//   gt3_transitions_total{from,to}                        mode transitions
//   gt3_offline_rejections_total{reason}                  why offline answers were refused
//   gt3_mode                                              1 online, 0 offline
//   gt3_fleet_leader{store}                               1 while this instance holds the lease
//   gt3_fleet_store_reachable{store}                      1 while the status store answers
//   gt3_fleet_probing_alone{store}                        1 while probing without the fleet
//   gt3_config_reloads_total{result}                      configuration reloads: applied or
//                                                         refused (the old one kept)
//   gt3_build_info{version}                               always 1
//
// Every series but the fleet's and the rare codes' is created at construction, so the request
// path only increments atomics (no label lookup, no lock); only series that can move are
// created (a route's codes are those it answers, and a process's routes those it serves: the
// MetricsScope). A monitor serves no captcha: its /metrics has the requests of its own routes,
// the probes, transitions, mode, fleet and build series, and none of captcha, cloud calls or
// offline rejections. The fleet's gauges appear at the first fleet()
// call, with the store's kind as their label: a "memory" store has no fleet to lose, and the alert
// rules (deploy/prometheus) tell the two apart. Thread-safe.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <array>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "bypass/probe.h"
#include "gt3/bypass_observer.h"
#include "gt3/captcha_mode.h"
#include "gt3/reason.h"
#include "gt3/status.h"

namespace gt3 {
struct FleetView;
}

namespace gt3::service {

enum class Route {
  kRegister,
  kValidate,
  kStatus,
  kHealthz,
  kMetrics,
  kAdmin,
  kPage,
  kOther,
  kDemo
};
inline constexpr std::size_t kRouteCount = 9;
std::string_view route_name(Route route);

// The process that exports the series, hence which of them can move.
enum class MetricsScope {
  kServe,    // serve: its routes and the captcha's series
  kDemo,     // serve's, and the demo's control (route "demo")
  kMonitor,  // monitor: /healthz, /metrics (and "other"), the probes and the fleet; no captcha
};

// Also the engine's BypassObserver: what the engine reports becomes these series.
class ServiceMetrics final : public BypassObserver {
 public:
  explicit ServiceMetrics(MetricsScope scope = MetricsScope::kServe);

  void on_register(CaptchaMode mode) override { captcha(Route::kRegister, mode, true); }
  void on_validate(CaptchaMode mode, bool success) override {
    captcha(Route::kValidate, mode, success);
  }
  void on_offline_rejection(Reason reason) override { offline_rejection(reason); }
  void on_cloud_call(CloudCall call, Reason reason, std::chrono::nanoseconds took) override {
    cloud_call(call, reason, took);
  }
  void on_probe(const ProbeResult& result) override { probe(result); }
  void on_transition(const Transition& t) override {
    transition(t);
    mode(t.to);
  }

  void request(Route route, int status, std::chrono::nanoseconds took);
  // Every register answer counts as a success (in the mode it was answered in; a register that
  // hands out nothing is no answer and counts only in gt3_http_requests_total); a validate
  // counts as its verdict.
  void captcha(Route route, CaptchaMode mode, bool success);
  void cloud_call(CloudCall call, Reason reason, std::chrono::nanoseconds took);
  void probe(const gt3::ProbeResult& result);
  void transition(const gt3::Transition& transition);
  void offline_rejection(Reason reason);
  void config_reload(bool applied);
  void mode(CaptchaMode mode);
  // The fleet's view changes without an event the observer would see (a lease lost, a status key
  // expired), so the status routes set it just before each render.
  void fleet(const FleetView& view);

  // The exposition text.
  std::string render() const;

 private:
  using Counter = prometheus::Counter;
  using Histogram = prometheus::Histogram;

  // gt3_captcha_requests_total, gt3_cloud_calls_total (+ durations), gt3_offline_rejections_total.
  void add_captcha_series(prometheus::Registry& reg);

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<Counter>* http_requests_;
  std::map<std::pair<Route, int>, Counter*> http_by_code_;  // common codes; others created lazily
  std::mutex lazy_mutex_;
  // [route][mode][success]; null where the series cannot move (register fail; all in a monitor)
  std::array<std::array<std::array<Counter*, 2>, 2>, 2> captcha_{};
  prometheus::Family<Histogram>* durations_family_ = nullptr;
  std::array<Histogram*, kRouteCount> durations_{};  // null for a route out of the scope
  std::array<std::map<Reason, Counter*>, 2> cloud_calls_;
  std::array<Histogram*, 2> cloud_durations_{};  // null in a monitor
  // By label (probe_outcome_name), so that every reason counts under one of the labels.
  std::map<std::string_view, Counter*> probes_;
  Histogram* probe_duration_ = nullptr;
  std::array<std::array<Counter*, 2>, 2> transitions_{};  // [from][to]
  std::map<Reason, Counter*> offline_rejections_;
  prometheus::Gauge* mode_ = nullptr;
  prometheus::Family<prometheus::Gauge>* fleet_leader_ = nullptr;
  prometheus::Family<prometheus::Gauge>* fleet_store_reachable_ = nullptr;
  prometheus::Family<prometheus::Gauge>* fleet_probing_alone_ = nullptr;
  Counter* reloads_applied_ = nullptr;
  Counter* reloads_refused_ = nullptr;
};

}  // namespace gt3::service
