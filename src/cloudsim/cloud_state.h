// CloudState: what the simulated GeeTest cloud knows and decides, without any transport
// (docs/protocol.md sections 2-4). The HTTP side (cloudsim_server) turns requests into calls here
// and applies the fault plan around them.
//
// - bypass_status.php: "success" for a configured captcha id, "fail" for any other;
// - register.php: a fresh 32-hex origin challenge for a known id ("0" for an unknown one), and
//   it remembers the challenge the customer server will hand the browser: the origin digested
//   with that app's key under the digestmod named in the request (unknown names: md5);
// - validate.php: accepts only a remembered, unexpired, unused challenge whose seccode is
//   validate + "|jordan" with validate = hex(md5(key + "geetest" + challenge)). It takes every
//   form GeeTest's own clients post (docs/protocol.md, "What GeeTest's own clients send"), since
//   the real cloud took them all: the challenge is the one posted or, without it, the one that
//   seccode belongs to; the app is `captchaid` or `gt` (both given must agree), or without
//   either the challenge's; `sdk` is not needed. It answers {"seccode": hex(md5(seccode))} with
//   json_format=1 and the bare hex(md5(seccode)) without, and "false" (bare or in the same JSON)
//   for everything else. An accepted challenge is spent, whatever form spent it: replays fail;
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

// The fields of a validate.php form that the cloud reads; absent ones are std::nullopt.
struct ValidateCall {
  std::optional<std::string_view> captchaid;
  std::optional<std::string_view> gt;  // what gt3-sdk 2.0.0 names the captcha id
  std::optional<std::string_view> challenge;
  std::optional<std::string_view> seccode;
  std::optional<std::string_view> json_format;
};

struct ValidateAnswer {
  std::string body;
  bool json = true;  // false: bare text, what the cloud answers a form without json_format=1
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

  // The answer of validate.php.
  ValidateAnswer validate(const ValidateCall& call);

  // The solved form for an issued, unexpired, unused challenge of `gt`; otherwise why not.
  using SolveResult = boost::system::result<ValidateForm, std::string>;
  SolveResult solve(std::string_view gt, std::string_view challenge) const;

  std::size_t remembered() const;
  // How many seccodes the index for seccode-only forms holds: never more than remembered().
  std::size_t remembered_seccodes() const;

 private:
  struct Issued {
    std::size_t app = 0;
    Clock::SteadyTime expires;
    std::string seccode;  // the one a solve of this challenge posts
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
  // Expected seccode -> challenge, for the clients that post the seccode alone. It holds exactly
  // the challenges of issued_ (kept and forgotten with them).
  std::unordered_map<std::string, std::string> by_seccode_;
};

}  // namespace gt3::cloudsim
