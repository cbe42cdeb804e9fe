#include "cloudsim/cloud_state.h"

#include <openssl/rand.h>

#include <array>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "gt3/digest.h"
#include "sdk/hex.h"

namespace gt3::cloudsim {
namespace {

std::string random_origin_challenge() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed: no secure randomness available");
  }
  return lower_hex(bytes);
}

CloudState::SolveResult not_solvable(std::string why) {
  return {boost::system::in_place_error, std::move(why)};
}

std::string seccode_answer(std::string_view seccode) {
  return nlohmann::json{{"seccode", seccode}}.dump();
}

}  // namespace

App demo_app() {
  return {"51c2aab52d41b73dc3644dc8dd0cefdc", Secret("fc43d1927ac50f49488ce7dd7c0d8dec")};
}

CloudState::CloudState(std::vector<App> apps, const Clock& clock, Options options)
    : apps_(std::move(apps)), clock_(clock), options_(options) {}

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
    const auto now = clock_.now();
    const auto expires = now + options_.challenge_ttl;
    std::lock_guard lock(mutex_);
    forget_expired_locked(now);
    by_age_.emplace_back(expires, digest);
    issued_[std::move(digest)] = Issued{static_cast<std::size_t>(app - apps_.data()), expires};
  }
  if (!json_format) return origin;
  return nlohmann::json{{"challenge", origin}}.dump();
}

void CloudState::forget_expired_locked(Clock::SteadyTime now) {
  while (!by_age_.empty() &&
         (by_age_.front().first <= now || by_age_.size() >= options_.max_challenges)) {
    auto it = issued_.find(by_age_.front().second);
    // A digest issued twice (never in practice) is kept for its newest expiry.
    if (it != issued_.end() && it->second.expires == by_age_.front().first) issued_.erase(it);
    by_age_.pop_front();
  }
}

std::string CloudState::validate(const ValidateCall& call) {
  constexpr std::string_view kRejected = R"({"seccode": "false"})";
  if (!call.captchaid || !call.challenge || !call.seccode || !call.json_format || !call.sdk ||
      call.sdk->empty()) {
    return std::string(kRejected);
  }
  const App* app = find_app(*call.captchaid);
  if (app == nullptr) return std::string(kRejected);
  const std::string expected_seccode =
      seccode_for(online_validate_for(app->private_key, *call.challenge));
  if (*call.seccode != expected_seccode) return std::string(kRejected);

  std::lock_guard lock(mutex_);
  auto it = issued_.find(std::string(*call.challenge));
  if (it == issued_.end() || it->second.spent || it->second.expires <= clock_.now() ||
      &apps_[it->second.app] != app) {
    return std::string(kRejected);
  }
  it->second.spent = true;
  return seccode_answer(accepted_seccode_answer(*call.seccode));
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

}  // namespace gt3::cloudsim
