// RequestRecorder: what every answer of a process's HTTP server goes through (docs/operations.md,
// "Metrics" and "Logs"): counted by route and code, its duration observed (ServiceMetrics), and
// with the access log on, one access line (log_access). serve, demo and monitor record their
// routes through instrumented() and the server's own answers (limits, malformed requests) through
// server_answered(), under route "other".
//
// Thread-safe. The metrics must outlive the recorder, and the recorder the handlers it wrapped.
#pragma once

#include <atomic>
#include <chrono>
#include <string_view>

#include "http/router.h"
#include "http/server.h"
#include "service/service_metrics.h"

namespace gt3::service {

class RequestRecorder {
 public:
  RequestRecorder(ServiceMetrics& metrics, bool access_log)
      : metrics_(metrics), access_log_(access_log) {}

  // `handler`, measured from its start to its answer and recorded under `route`.
  http::Handler instrumented(Route route, http::Handler handler);

  // One answer counted, and logged with the access log ("-" for what was never read).
  void record(Route route, int code, std::chrono::nanoseconds took, std::string_view peer,
              std::string_view method, std::string_view path);

  // For ServerOptions::on_server_answer.
  void server_answered(const http::ServerAnswer& answer);

  // server.access_log changed live (a reload): answers recorded from now on follow it.
  void set_access_log(bool on) { access_log_.store(on, std::memory_order_relaxed); }

 private:
  ServiceMetrics& metrics_;
  std::atomic<bool> access_log_;
};

}  // namespace gt3::service
