// ScriptedHttpClient (tests only): an HttpClient that records every request and completes it
// with the outcome the test scripted, inline or when the test says so. It stands in for the
// network in sdk unit tests; the real client is tested against real servers in src/http.
#pragma once

#include <deque>
#include <utility>
#include <vector>

#include "gt3/http_client.h"

namespace gt3::testing {

class ScriptedHttpClient : public HttpClient {
 public:
  // Completes the next request inline with `outcome`.
  void answer_next(HttpOutcome outcome) { script_.push_back(std::move(outcome)); }

  static HttpOutcome ok(std::string body) { return HttpResponse{200, "application/json", body}; }
  static HttpOutcome fail(Reason reason, int status = 0) {
    return HttpError{reason, status, "scripted"};
  }

  void send(HttpRequest request, Handler done) override {
    requests_.push_back(std::move(request));
    if (script_.empty()) {
      held_.push_back(std::move(done));  // no script: held until complete_held()
      return;
    }
    HttpOutcome outcome = std::move(script_.front());
    script_.pop_front();
    done(std::move(outcome));
  }

  // Completes the oldest held request.
  void complete_held(HttpOutcome outcome) {
    Handler done = std::move(held_.front());
    held_.pop_front();
    done(std::move(outcome));
  }

  const std::vector<HttpRequest>& requests() const { return requests_; }
  std::size_t held() const { return held_.size(); }

 private:
  std::deque<HttpOutcome> script_;
  std::deque<Handler> held_;
  std::vector<HttpRequest> requests_;
};

}  // namespace gt3::testing
