#include "bypass/probe.h"

#include <nlohmann/json.hpp>

#include "sdk/form_encoding.h"

namespace gt3 {

std::string_view probe_outcome_name(Reason reason) {
  switch (reason) {
    case Reason::kOk:
      return "success";
    case Reason::kCloudReportsFail:
      return "fail_status";
    case Reason::kHttpStatus:
      return "http_error";
    case Reason::kBadBody:
      return "bad_body";
    case Reason::kTimeout:
      return "timeout";
    case Reason::kRefused:
      return "refused";
    case Reason::kDns:
      return "dns";
    case Reason::kTls:
      return "tls";
    default:  // kNetwork, and any reason a probe does not report
      return "network";
  }
}

}  // namespace gt3

namespace gt3::bypass {

ProbeResult classify_probe_answer(const HttpOutcome& outcome) {
  if (!outcome) {
    const HttpError& error = outcome.error();
    switch (error.reason) {
      case Reason::kHttpStatus:
        return {Reason::kHttpStatus, error.status, {}, "HTTP " + std::to_string(error.status)};
      case Reason::kTimeout:
      case Reason::kRefused:
      case Reason::kDns:
      case Reason::kTls:
      case Reason::kBadBody:
      case Reason::kNetwork:
        return {error.reason, 0, {}, error.detail};
      default:  // kCancelled (the client shutting down) has always counted as a network failure
        return {Reason::kNetwork, 0, {}, error.detail};
    }
  }
  const HttpResponse& response = *outcome;
  if (response.status != 200) {
    return {Reason::kHttpStatus, response.status, {}, "HTTP " + std::to_string(response.status)};
  }
  const auto json = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  const auto status = json.is_object() ? json.find("status") : json.end();
  if (json.is_discarded() || !json.is_object() || status == json.end() || !status->is_string()) {
    return {Reason::kBadBody, 200, {}, "answer: " + excerpt(response.body)};
  }
  if (status->get_ref<const std::string&>() == "success") {
    return {Reason::kOk, 200, {}, {}};
  }
  return {Reason::kCloudReportsFail, 200, {}, "status: " + excerpt(status->get<std::string>())};
}

Probe::Probe(ProbeTarget target, HttpClient& http, const Clock& clock)
    : target_(std::move(target)), http_(http), clock_(clock) {
  url_ = target_.bypass_url;
  url_ += url_.find('?') == std::string::npos ? '?' : '&';
  url_ += FormEncoder().add("gt", target_.captcha_id).str();
}

void Probe::run(std::function<void(ProbeResult)> done) const {
  const auto started = clock_.now();
  HttpRequest request;
  request.method = HttpMethod::kGet;
  request.url = url_;
  request.deadline = target_.timeout;
  http_.send(std::move(request), [this, started, done = std::move(done)](HttpOutcome outcome) {
    ProbeResult result = classify_probe_answer(outcome);
    result.latency = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now() - started);
    done(std::move(result));
  });
}

}  // namespace gt3::bypass
