#include "service/status_routes.h"

#include <openssl/crypto.h>

#include <nlohmann/json.hpp>

#include "gt3/digest.h"
#include "gt3/version.h"
#include "service/utc_text.h"

namespace gt3::service {
namespace {

using boost::asio::awaitable;
using nlohmann::json;

json last_probe_json(const gt3::StatusSnapshot& snapshot) {
  if (!snapshot.last_probe) return nullptr;
  const auto& probe = *snapshot.last_probe;
  json out{{"outcome", gt3::probe_outcome_name(probe.reason)},
           {"latency_ms", probe.latency.count()},
           {"detail", probe.detail}};
  if (probe.http_status != 0) out["http_status"] = probe.http_status;
  return out;
}

}  // namespace

bool bearer_matches(std::string_view authorization, const Secret& token) {
  return bearer_matches_any(authorization, {token});
}

bool bearer_matches_any(std::string_view authorization, const std::vector<Secret>& tokens) {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.size() < kScheme.size()) return false;
  const std::string given = sha256_hex(authorization.substr(kScheme.size()));
  bool matched = false;
  for (const Secret& token : tokens) {
    const std::string expected = sha256_hex(token.reveal());
    matched |= !token.empty() && CRYPTO_memcmp(given.data(), expected.data(), given.size()) == 0;
  }
  return matched && authorization.substr(0, kScheme.size()) == kScheme;
}

StatusRoutes::StatusRoutes(engine::StatusKeeper* keeper, ServiceMetrics& metrics,
                           const LiveSnapshot<LiveSettings>& live, StatusInfo info)
    : keeper_(keeper), metrics_(metrics), live_(live), info_(info) {}

std::string StatusRoutes::status_json() const {
  json out{{"version", std::string(kVersion)},
           {"bypass_mode", info_.bypass_mode},
           {"offline_policy", info_.offline_policy},
           {"started_at", utc_text(started_at_)}};
  if (!keeper_) {
    // failback: no status; each register asks the cloud.
    out["mode"] = "per-request";
    out["transitions"] = json::array();
    return out.dump();
  }
  const auto snapshot = keeper_->availability().snapshot();
  out["mode"] = captcha_mode_name(snapshot->mode);
  out["cloud"] = gt3::cloud_status_name(snapshot->cloud);
  out["override"] = gt3::override_name(snapshot->override_mode);
  out["since"] = utc_text(snapshot->since);
  out["cause"] = snapshot->cause;
  out["last_probe"] = last_probe_json(*snapshot);
  const FleetView fleet = keeper_->fleet();
  out["fleet"] = {{"store", fleet.store},
                  {"leader", fleet.leader},
                  {"store_reachable", fleet.store_reachable},
                  {"probing_alone", fleet.probing_alone}};
  json transitions = json::array();
  for (const auto& t : keeper_->availability().history()) {
    transitions.push_back({{"at", utc_text(t.at)},
                           {"from", captcha_mode_name(t.from)},
                           {"to", captcha_mode_name(t.to)},
                           {"cause", t.cause}});
  }
  out["transitions"] = std::move(transitions);
  return out.dump();
}

std::string StatusRoutes::poller_health_json() const {
  const FleetView fleet = keeper_->fleet();
  const auto snapshot = keeper_->availability().snapshot();
  return json{{"status", "ok"},
              {"polling", fleet.leader || fleet.probing_alone},
              {"leader", fleet.leader},
              {"store_reachable", fleet.store_reachable},
              {"probing_alone", fleet.probing_alone},
              {"mode", captcha_mode_name(snapshot->mode)},
              {"cloud", gt3::cloud_status_name(snapshot->cloud)},
              {"last_probe", last_probe_json(*snapshot)}}
      .dump();
}

// The three answers below describe this moment; a cached one would show a monitor a status that
// has since changed, hence no-store on each.
awaitable<http::Response> StatusRoutes::status(const http::Request&) {
  co_return http::Response::json(200, status_json()).no_store();
}

awaitable<http::Response> StatusRoutes::healthz(const http::Request&) {
  if (info_.poller && keeper_) co_return http::Response::json(200, poller_health_json()).no_store();
  co_return http::Response::json(200, R"({"status":"ok"})").no_store();
}

awaitable<http::Response> StatusRoutes::metrics(const http::Request&) {
  // failback keeps no status, hence no fleet: its gauges stay absent rather than read 0.
  // gt3_mode is read here too: the first status is set at start without a transition to report.
  if (keeper_) {
    metrics_.fleet(keeper_->fleet());
    metrics_.mode(keeper_->availability().mode());
  }
  http::Response response;
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.body = metrics_.render();
  co_return std::move(response.no_store());
}

awaitable<http::Response> StatusRoutes::admin_override(const http::Request& request) {
  // A copy: a reference into the live settings must not outlive a suspension, and this route is
  // rare enough for one (sdk/live_snapshot.h).
  const std::vector<Secret> tokens = live_.read().admin_tokens;
  if (tokens.empty()) {
    co_return http::Response::error(404, "not_found",
                                    "the admin API is disabled; set server.admin_token to use it");
  }
  if (!bearer_matches_any(request.header("Authorization"), tokens)) {
    http::Response denied = http::Response::error(
        401, "unauthorized", "send the admin token as 'Authorization: Bearer <token>'");
    denied.headers.emplace_back("WWW-Authenticate", "Bearer");
    co_return denied;
  }
  if (!keeper_) {
    co_return http::Response::error(409, "no_status",
                                    "bypass.mode = failback keeps no status to override");
  }
  const json body = json::parse(request.body, nullptr, false);
  const json* mode = body.is_object() && body.contains("mode") ? &body["mode"] : nullptr;
  const auto parsed =
      mode && mode->is_string() ? gt3::parse_override(mode->get<std::string>()) : std::nullopt;
  if (!parsed) {
    co_return http::Response::error(
        400, "bad_override",
        R"(send a JSON body {"mode": "auto"} or "force-online" or "force-offline")");
  }
  keeper_->set_override(*parsed);
  co_return http::Response::json(200, json{{"override", gt3::override_name(*parsed)}}.dump())
      .no_store();
}

}  // namespace gt3::service
