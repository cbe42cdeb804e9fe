#include "bypass/probe.h"

#include <nlohmann/json.hpp>

#include "sdk/form_encoding.h"

namespace gt3 {

std::string_view probe_outcome_name(ProbeOutcome outcome) {
  switch (outcome) {
    case ProbeOutcome::kSuccess:
      return "success";
    case ProbeOutcome::kFailStatus:
      return "fail_status";
    case ProbeOutcome::kHttpError:
      return "http_error";
    case ProbeOutcome::kBadBody:
      return "bad_body";
    case ProbeOutcome::kTimeout:
      return "timeout";
    case ProbeOutcome::kRefused:
      return "refused";
    case ProbeOutcome::kDns:
      return "dns";
    case ProbeOutcome::kTls:
      return "tls";
    case ProbeOutcome::kNetwork:
      return "network";
  }
  return "network";
}

}  // namespace gt3

namespace gt3::bypass {

ProbeResult classify_probe_answer(const HttpOutcome& outcome) {
  if (!outcome) {
    const HttpError& error = outcome.error();
    switch (error.reason) {
      case Reason::kTimeout:
        return {ProbeOutcome::kTimeout, 0, {}, error.detail};
      case Reason::kRefused:
        return {ProbeOutcome::kRefused, 0, {}, error.detail};
      case Reason::kDns:
        return {ProbeOutcome::kDns, 0, {}, error.detail};
      case Reason::kTls:
        return {ProbeOutcome::kTls, 0, {}, error.detail};
      case Reason::kHttpStatus:
        return {ProbeOutcome::kHttpError, error.status, {}, "HTTP " + std::to_string(error.status)};
      case Reason::kBadBody:
        return {ProbeOutcome::kBadBody, 0, {}, error.detail};
      default:  // kNetwork, kCancelled: an HttpClient reports no other reason
        return {ProbeOutcome::kNetwork, 0, {}, error.detail};
    }
  }
  const HttpResponse& response = *outcome;
  if (response.status != 200) {
    return {
        ProbeOutcome::kHttpError, response.status, {}, "HTTP " + std::to_string(response.status)};
  }
  const auto json = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  const auto status = json.is_object() ? json.find("status") : json.end();
  if (json.is_discarded() || !json.is_object() || status == json.end() || !status->is_string()) {
    return {ProbeOutcome::kBadBody, 200, {}, "answer: " + excerpt(response.body)};
  }
  if (status->get_ref<const std::string&>() == "success") {
    return {ProbeOutcome::kSuccess, 200, {}, {}};
  }
  return {ProbeOutcome::kFailStatus, 200, {}, "status: " + excerpt(status->get<std::string>())};
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
