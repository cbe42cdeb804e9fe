#include "cloudsim/cloud_state.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "gt3/digest.h"
#include "sdk/hex.h"
#include "sdk/secure_random.h"

namespace gt3::cloudsim {
namespace {

std::string random_origin_challenge() {
  std::array<unsigned char, 16> bytes{};
  secure_random_bytes(bytes);
  return lower_hex(bytes);
}

CloudState::SolveResult not_solvable(std::string why) {
  return {boost::system::in_place_error, std::move(why)};
}

// The cloud's answer carrying `seccode` (an md5 or "false"): in JSON when the client asked for
// it with json_format=1, bare otherwise, as the protocol was before JSON answers.
ValidateAnswer seccode_answer(std::string_view seccode, bool json) {
  if (!json) return {std::string(seccode), false};
  // The rejection keeps the exact bytes this simulator has always answered.
  if (seccode == "false") return {R"({"seccode": "false"})", true};
  return {nlohmann::json{{"seccode", seccode}}.dump(), true};
}

}  // namespace

App demo_app() {
  return {"51c2aab52d41b73dc3644dc8dd0cefdc", Secret("fc43d1927ac50f49488ce7dd7c0d8dec")};
}

CloudState::CloudState(std::vector<App> apps, const Clock& clock, Options options)
    : apps_(std::move(apps)), clock_(clock), options_(options) {
  // Buckets for the bound from the start: rehashing half a million entries stalled one of the
  // simulator's threads for 100-250 ms, which showed as the p99.9 of serve's online benchmarks.
  const std::size_t buckets = std::min<std::size_t>(options_.max_challenges, 1 << 20);
  issued_.reserve(buckets);
  by_seccode_.reserve(buckets);
}

const App* CloudState::find_app(std::string_view captcha_id) const {
  for (const App& app : apps_) {
    if (app.captcha_id == captcha_id) return &app;
  }
  return nullptr;
}

bool CloudState::knows(std::string_view captcha_id) const {
  return find_app(captcha_id) != nullptr;
}

std::string CloudState::bypass_status(std::string_view gt, bool forced_fail) const {
  const bool healthy = !forced_fail && knows(gt);
  return healthy ? R"({"status": "success"})" : R"({"status": "fail"})";
}

std::string CloudState::register_challenge(std::string_view gt, std::string_view digestmod,
                                           bool json_format) {
  std::string origin = "0";
  if (const App* app = find_app(gt)) {
    origin = random_origin_challenge();
    std::string digest = challenge_digest(digestmod_or_md5(digestmod), origin, app->private_key);
    std::string seccode = seccode_for(online_validate_for(app->private_key, digest));
    const auto now = clock_.now();
    const auto expires = now + options_.challenge_ttl;
    std::lock_guard lock(mutex_);
    forget_expired_locked(now);
    by_age_.emplace_back(expires, digest);
    by_seccode_[seccode] = digest;
    issued_[std::move(digest)] =
        Issued{static_cast<std::size_t>(app - apps_.data()), expires, std::move(seccode)};
  }
  if (!json_format) return origin;
  return nlohmann::json{{"challenge", origin}}.dump();
}

void CloudState::forget_expired_locked(Clock::SteadyTime now) {
  while (!by_age_.empty() &&
         (by_age_.front().first <= now || by_age_.size() >= options_.max_challenges)) {
    auto it = issued_.find(by_age_.front().second);
    // A digest issued twice (never in practice) is kept for its newest expiry.
    if (it != issued_.end() && it->second.expires == by_age_.front().first) {
      auto index = by_seccode_.find(it->second.seccode);
      if (index != by_seccode_.end() && index->second == it->first) by_seccode_.erase(index);
      issued_.erase(it);
    }
    by_age_.pop_front();
  }
}

ValidateAnswer CloudState::validate(const ValidateCall& call) {
  const bool json = call.json_format == "1";
  const ValidateAnswer rejected = seccode_answer("false", json);
  if (!call.seccode || call.seccode->empty()) return rejected;
  if (call.captchaid && call.gt && *call.captchaid != *call.gt) return rejected;
  const std::optional<std::string_view> named = call.captchaid ? call.captchaid : call.gt;
  const App* named_app = named ? find_app(*named) : nullptr;
  if (named && named_app == nullptr) return rejected;

  std::lock_guard lock(mutex_);
  std::string challenge;
  if (call.challenge) {
    challenge = *call.challenge;
  } else {
    // The 1.x and 2.0.0 Node SDKs post the seccode alone: it names its challenge.
    auto found = by_seccode_.find(std::string(*call.seccode));
    if (found == by_seccode_.end()) return rejected;
    challenge = found->second;
  }
  auto it = issued_.find(challenge);
  if (it == issued_.end() || it->second.spent || it->second.expires <= clock_.now()) {
    return rejected;
  }
  if (named_app != nullptr && &apps_[it->second.app] != named_app) return rejected;
  if (*call.seccode != it->second.seccode) return rejected;
  it->second.spent = true;
  return seccode_answer(accepted_seccode_answer(*call.seccode), json);
}

CloudState::SolveResult CloudState::solve(std::string_view gt, std::string_view challenge) const {
  const App* app = find_app(gt);
  if (app == nullptr) return not_solvable("unknown captcha id");
  {
    std::lock_guard lock(mutex_);
    auto it = issued_.find(std::string(challenge));
    if (it == issued_.end() || &apps_[it->second.app] != app ||
        it->second.expires <= clock_.now()) {
      return not_solvable("this cloud did not issue that challenge, or it expired");
    }
    if (it->second.spent) return not_solvable("that challenge was already used");
  }
  std::string validate = online_validate_for(app->private_key, challenge);
  std::string seccode = seccode_for(validate);
  return ValidateForm{std::string(challenge), std::move(validate), std::move(seccode)};
}

std::size_t CloudState::remembered() const {
  std::lock_guard lock(mutex_);
  return issued_.size();
}

std::size_t CloudState::remembered_seccodes() const {
  std::lock_guard lock(mutex_);
  return by_seccode_.size();
}

}  // namespace gt3::cloudsim
