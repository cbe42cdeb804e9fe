// CloudState: what the simulated GeeTest cloud knows and decides, without any transport
// (docs/protocol.md sections 2-4). The HTTP side (cloudsim_server) turns requests into calls here
// and applies the fault plan around them.
//
// - bypass_status.php: "success" for a configured captcha id, "fail" for any other;
// - register.php: a fresh 32-hex origin challenge for a known id ("0" for an unknown one), and
//   it remembers the challenge the customer server will hand the browser: the origin digested
//   with that app's key under the digestmod named in the request (unknown names: md5);
// - validate.php: accepts only a remembered, unexpired, unused challenge of that captcha id whose
//   seccode is validate + "|jordan" with validate = hex(md5(key + "geetest" + challenge)), and
//   only when json_format and sdk were sent; it answers {"seccode": hex(md5(seccode))}, and
//   {"seccode": "false"} for everything else. An accepted challenge is spent: replays fail;
// - solve: the three fields a user who solved an issued challenge would post (what the
//   project's widget fetches in place of a real puzzle).
//
// Thread-safe. Memory is bounded: challenges expire after challenge_ttl, and at most
// max_challenges are remembered (the oldest are forgotten first).
#pragma once

#include <boost/system/result.hpp>
#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gt3/clock.h"
#include "gt3/secret.h"
#include "gt3/solution.h"

namespace gt3::cloudsim {

struct App {
  std::string captcha_id;
  Secret private_key;
};

// A built-in pair for the demo and for runs without --app; its key is public by design.
App demo_app();

struct ValidateCall {
  std::optional<std::string_view> captchaid;
  std::optional<std::string_view> challenge;
  std::optional<std::string_view> seccode;
  std::optional<std::string_view> json_format;
  std::optional<std::string_view> sdk;
};

class CloudState {
 public:
  struct Options {
    std::chrono::seconds challenge_ttl{600};
    std::size_t max_challenges = 500'000;
  };

  CloudState(std::vector<App> apps, const Clock& clock, Options options);
  CloudState(std::vector<App> apps, const Clock& clock) : CloudState(std::move(apps), clock, {}) {}

  bool knows(std::string_view captcha_id) const;
  const std::vector<App>& apps() const { return apps_; }

  // JSON body of bypass_status.php. `forced_fail` is the status-fail fault.
  std::string bypass_status(std::string_view gt, bool forced_fail) const;

  // Body of register.php: {"challenge": "..."} with json_format=1, the bare challenge without
  // (the protocol before JSON answers).
  std::string register_challenge(std::string_view gt, std::string_view digestmod, bool json_format);

  // JSON body of validate.php.
  std::string validate(const ValidateCall& call);

  // The solved form for an issued, unexpired, unused challenge of `gt`; otherwise why not.
  using SolveResult = boost::system::result<ValidateForm, std::string>;
  SolveResult solve(std::string_view gt, std::string_view challenge) const;

  std::size_t remembered() const;

 private:
  struct Issued {
    std::size_t app = 0;
    Clock::SteadyTime expires;
    bool spent = false;
  };

  const App* find_app(std::string_view captcha_id) const;
  void forget_expired_locked(Clock::SteadyTime now);

  std::vector<App> apps_;
  const Clock& clock_;
  Options options_;

  mutable std::mutex mutex_;
  std::unordered_map<std::string, Issued> issued_;  // by the challenge the browser holds
  std::deque<std::pair<Clock::SteadyTime, std::string>> by_age_;
};

}  // namespace gt3::cloudsim
