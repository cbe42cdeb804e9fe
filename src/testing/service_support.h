// Test support for the service's integration tests (tests only): an in-process cloud simulator,
// a Service configured against it through the real configuration loader, a user that talks to it
// over loopback HTTP, and waits on the status that listen instead of sleeping.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "cloudsim/cloud_simulator.h"
#include "engine/status_keeper.h"
#include "gt3/asio_http_client.h"
#include "http/io_threads.h"
#include "service/config_loader.h"
#include "service/service.h"
#include "testing/raw_connection.h"

namespace gt3::testing {

using service::ConfigSources;
using service::load_config;
using service::Service;
using service::ServiceConfig;

// Only a safety net, so that a broken service fails a test instead of hanging it.
inline constexpr std::chrono::seconds kSafetyNet{20};
inline constexpr std::string_view kOfflineSecret = "test-offline-secret-0123456789abcdef";

struct Answer {
  int status = 0;  // 0: no HTTP answer at all
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
  std::string reason() const { return json().value("reason", ""); }
};

class TestCloud {
 public:
  TestCloud() : sim_(io_.context(), {}) {
    const auto started = sim_.start();
    EXPECT_TRUE(started.has_value());
  }
  ~TestCloud() {
    sim_.stop();
    io_.stop();  // before the simulator goes: nothing of it may run after
  }

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(sim_.cloud_port()); }
  const cloudsim::App& app() const { return sim_.apps().front(); }
  void set_mode(cloudsim::FaultMode mode, std::optional<cloudsim::Endpoint> endpoint = {}) {
    sim_.set_mode(mode, endpoint);
  }
  cloudsim::CloudSimulator& sim() { return sim_; }

 private:
  http::IoThreads io_{1};
  cloudsim::CloudSimulator sim_;
};

// The flags of a service against `cloud` with test-speed probing; `more` are added last (win).
inline std::vector<std::pair<std::string, std::string>> service_flags(
    const TestCloud& cloud, std::vector<std::pair<std::string, std::string>> more = {}) {
  std::vector<std::pair<std::string, std::string>> flags{
      {"geetest.id", cloud.app().captcha_id},
      {"geetest.key", std::string(cloud.app().private_key.reveal())},
      {"geetest.api_url", cloud.base_url()},
      {"geetest.bypass_url", cloud.base_url() + "/v1/bypass_status.php"},
      {"geetest.timeout_ms", "300"},
      {"server.listen", "127.0.0.1:0"},
      {"server.threads", "2"},
      {"bypass.interval_ms", "100"},
      {"bypass.timeout_ms", "80"},
      {"offline.secret", std::string(kOfflineSecret)},
      {"log.level", "warn"},
  };
  for (auto& flag : more) flags.push_back(std::move(flag));
  return flags;
}

inline ServiceConfig config_for(const TestCloud& cloud,
                                std::vector<std::pair<std::string, std::string>> more = {}) {
  ConfigSources sources;
  sources.flags = service_flags(cloud, std::move(more));
  auto config = load_config(sources);
  if (!config) ADD_FAILURE() << config.error().detail;
  return config ? std::move(*config) : ServiceConfig{};
}

// The value of one series in Prometheus text, or -1 when it is absent.
inline double metric(const std::string& text, const std::string& series) {
  const std::size_t at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

// Waits for the service's mode through the availability's listener.
class ModeWait {
 public:
  explicit ModeWait(Service& service) : availability_(service.keeper()->availability()) {
    availability_.add_listener([this](const gt3::StatusSnapshot&) {
      std::lock_guard lock(mutex_);
      changed_.notify_all();
    });
  }
  bool reaches(CaptchaMode mode) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kSafetyNet, [&] { return availability_.mode() == mode; });
  }
  // Waits until requests have run offline at some moment at or after `time`.
  bool offline_since(Clock::WallTime time) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kSafetyNet,
                             [&] { return availability_.snapshot()->offline_since(time); });
  }

 private:
  bypass::Availability& availability_;
  std::mutex mutex_;
  std::condition_variable changed_;
};

// A browser or a backend calling the service over loopback (one connection per request, raw
// HTTP/1.1 so that every status comes back with its body), and the simulator's solve.
class TestUser {
 public:
  explicit TestUser(std::uint16_t port) : port_(port) {}
  ~TestUser() { http_.shutdown(); }

  Answer get(const std::string& target) { return exchange("GET " + target + " HTTP/1.1\r\n\r\n"); }

  Answer post(const std::string& target, const std::string& body,
              const std::string& content_type = "application/x-www-form-urlencoded",
              const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    std::string request = "POST " + target + " HTTP/1.1\r\nContent-Type: " + content_type +
                          "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
    return exchange(request + "\r\n" + body);
  }

  // The three fields posted to /validate.
  Answer validate(const std::string& challenge, const std::string& validate,
                  const std::string& seccode) {
    return post("/validate", "geetest_challenge=" + challenge + "&geetest_validate=" + validate +
                                 "&geetest_seccode=" + seccode);
  }

  // The simulator's answer to a solve: the three fields, or status 0 when it cannot solve it.
  Answer solve(TestCloud& cloud, const std::string& challenge) {
    HttpRequest request;
    request.url =
        cloud.base_url() + "/sim/solve?gt=" + cloud.app().captcha_id + "&challenge=" + challenge;
    request.deadline = std::chrono::seconds(10);
    auto promise = std::make_shared<std::promise<Answer>>();
    auto future = promise->get_future();
    http_.send(std::move(request), [promise](HttpOutcome outcome) {
      promise->set_value(outcome ? Answer{outcome->status, outcome->body, {}}
                                 : Answer{0, outcome.error().detail, {}});
    });
    if (future.wait_for(kSafetyNet) != std::future_status::ready) {
      ADD_FAILURE() << "no answer from the simulator within the safety net";
      return {};
    }
    return future.get();
  }

  // What a user who solved an online challenge posts (the simulator plays the puzzle).
  Answer solve_and_validate(TestCloud& cloud, const std::string& challenge) {
    const Answer solved = solve(cloud, challenge);
    if (solved.status != 200) return solved;
    const auto form = solved.json();
    return validate(form["geetest_challenge"], form["geetest_validate"], form["geetest_seccode"]);
  }

 private:
  Answer exchange(const std::string& request) {
    testing::RawConnection connection(port_);
    if (!connection.connected()) return {0, "cannot connect", {}};
    connection.send(request.substr(0, request.find("\r\n") + 2) + "Host: 127.0.0.1\r\n" +
                    request.substr(request.find("\r\n") + 2));
    const auto answer = connection.read_answer();
    if (!answer) return {0, "the connection closed without an answer", {}};
    return {answer->status, answer->body, answer->headers};
  }

  std::uint16_t port_;
  http::IoThreads io_{1};
  AsioHttpClient http_{io_.context()};
};

using Flags = std::vector<std::pair<std::string, std::string>>;

// The flags of a fleet instance on the test Redis at `redis_port` (a 2 s lease keeps take-overs
// short), with an admin token when one is given.
inline Flags fleet_flags(std::uint16_t redis_port, std::string_view admin_token = {}) {
  Flags flags = {{"store.kind", "redis"},
                 {"store.redis_url", "redis://127.0.0.1:" + std::to_string(redis_port)},
                 {"store.lease_ms", "2000"}};
  if (!admin_token.empty()) flags.emplace_back("server.admin_token", std::string(admin_token));
  return flags;
}

// A test with a simulator, a service against it (started by start(), with extra flags), a wait
// on its mode and a user; the service is stopped at the end.
class ServiceTest : public ::testing::Test {
 protected:
  void start(Flags flags = {}) {
    service_ = std::make_unique<Service>(config_for(cloud_, std::move(flags)));
    ASSERT_TRUE(service_->start().has_value());
    wait_ = std::make_unique<ModeWait>(*service_);
    user_ = std::make_unique<TestUser>(service_->port());
  }
  void TearDown() override {
    if (service_) service_->stop();
  }

  TestCloud cloud_;
  std::unique_ptr<Service> service_;
  std::unique_ptr<ModeWait> wait_;
  std::unique_ptr<TestUser> user_;
};

inline bool succeeded(const Answer& answer) {
  return answer.status == 200 && answer.json().value("result", "") == "success";
}

// A user's visit in the current phase: /register, then /validate with what the widget posts
// (online, the simulator plays the puzzle; offline, compat's non-blank fields). Expects both to
// succeed; returns register's "success" (-1: no usable answer).
inline int register_and_validate(TestUser& user, TestCloud& cloud) {
  const Answer registered = user.get("/register");
  EXPECT_EQ(registered.status, 200) << registered.body;
  const auto json = registered.json();
  const int success = json.value("success", -1);
  const std::string challenge = json.value("challenge", "");
  EXPECT_EQ(json.value("gt", ""), cloud.app().captcha_id);
  EXPECT_EQ(json.value("new_captcha", false), true);
  const Answer validated = success == 1
                               ? user.solve_and_validate(cloud, challenge)
                               : user.validate(challenge, "offline-validate", "offline|jordan");
  EXPECT_TRUE(succeeded(validated)) << validated.body;
  return success;
}

}  // namespace gt3::testing
