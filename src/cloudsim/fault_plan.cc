#include "cloudsim/fault_plan.h"

#include <charconv>

namespace gt3::cloudsim {
namespace {

constexpr std::chrono::milliseconds kMaxPeriod{3'600'000};

struct Named {
  std::string_view name;
  Fault fault;
  bool takes_ms;
};

constexpr Named kModes[] = {
    {"up", Fault::kUp, false},
    {"down", Fault::kDown, false},
    {"hang", Fault::kHang, false},
    {"slow", Fault::kSlow, true},
    {"http500", Fault::kHttp500, false},
    {"http429", Fault::kHttp429, false},  // a cloud that rate-limits the customer
    {"html", Fault::kHtml, false},
    {"status-fail", Fault::kStatusFail, false},
    {"flap", Fault::kFlap, true},
    {"truncated", Fault::kTruncated, false},
    {"drop", Fault::kDrop, false},
    {"trickle", Fault::kTrickle, true},
    {"huge", Fault::kHuge, false},
};

}  // namespace

std::string_view endpoint_name(Endpoint endpoint) {
  switch (endpoint) {
    case Endpoint::kBypass:
      return "bypass";
    case Endpoint::kRegister:
      return "register";
    case Endpoint::kValidate:
      return "validate";
  }
  return "bypass";
}

std::optional<Endpoint> parse_endpoint(std::string_view name) {
  for (Endpoint e : kEndpoints) {
    if (endpoint_name(e) == name) return e;
  }
  return std::nullopt;
}

boost::system::result<FaultMode, std::string> FaultMode::parse(std::string_view text) {
  const auto colon = text.find(':');
  const std::string_view head = text.substr(0, colon);
  for (const Named& named : kModes) {
    if (named.name != head) continue;
    if (!named.takes_ms) {
      if (colon != std::string_view::npos) {
        return "mode '" + std::string(text) +
               "' takes no ':<ms>'; valid modes: " + std::string(kValidModes);
      }
      return FaultMode{named.fault, {}};
    }
    long ms = 0;
    const std::string_view digits =
        colon == std::string_view::npos ? std::string_view{} : text.substr(colon + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), ms);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || ms <= 0 ||
        std::chrono::milliseconds(ms) > kMaxPeriod) {
      return "mode '" + std::string(text) +
             "' needs a period in milliseconds, 1 to 3600000, as in '" + std::string(named.name) +
             ":500'";
    }
    return FaultMode{named.fault, std::chrono::milliseconds(ms)};
  }
  return "unknown mode '" + std::string(text) + "'; valid modes: " + std::string(kValidModes);
}

std::string FaultMode::name() const {
  for (const Named& named : kModes) {
    if (named.fault != fault) continue;
    std::string out(named.name);
    if (named.takes_ms) out += ":" + std::to_string(period.count());
    return out;
  }
  return "up";
}

void FaultPlan::set(FaultMode mode, std::optional<Endpoint> endpoint) {
  const Setting setting{mode, clock_.now()};
  std::lock_guard lock(mutex_);
  if (endpoint) {
    per_endpoint_[static_cast<std::size_t>(*endpoint)] = setting;
    whole_cloud_.reset();
    return;
  }
  per_endpoint_.fill(setting);
  whole_cloud_ = setting;
}

FaultMode FaultPlan::mode(Endpoint endpoint) const {
  std::lock_guard lock(mutex_);
  return per_endpoint_[static_cast<std::size_t>(endpoint)].mode;
}

FaultMode FaultPlan::resolve(const Setting& setting) const {
  if (setting.mode.fault != Fault::kFlap) return setting.mode;
  const auto phase = (clock_.now() - setting.since) / setting.mode.period;
  return FaultMode{phase % 2 == 0 ? Fault::kDown : Fault::kUp, {}};
}

FaultMode FaultPlan::effective(Endpoint endpoint) const {
  std::lock_guard lock(mutex_);
  return resolve(per_endpoint_[static_cast<std::size_t>(endpoint)]);
}

bool FaultPlan::listener_down() const {
  std::lock_guard lock(mutex_);
  return whole_cloud_ && resolve(*whole_cloud_).fault == Fault::kDown;
}

std::optional<std::pair<std::chrono::milliseconds, Clock::SteadyTime>> FaultPlan::whole_cloud_flap()
    const {
  std::lock_guard lock(mutex_);
  if (!whole_cloud_ || whole_cloud_->mode.fault != Fault::kFlap) return std::nullopt;
  return std::pair{whole_cloud_->mode.period, whole_cloud_->since};
}

}  // namespace gt3::cloudsim
