#include "service/captcha_routes.h"

#include "gt3/request_checks.h"

namespace gt3::service {
namespace {

using boost::asio::awaitable;

// user_id, client_type and ip_address from a query or a form; the address defaults to the
// client's (a backend calling us as a sidecar passes its user's). An unknown client_type is sent as
// "unknown" rather than refused: pages written for the official SDKs pass values of their own.
// The gate checks the shapes of user_id and ip_address before any cloud call.
Result<UserInfo> user_info_from(const http::Params& params, const std::string& client_address) {
  UserInfo user;
  auto user_id = params.unique("user_id");
  if (!user_id) return user_id.error();
  if (*user_id) user.user_id = std::string(**user_id);
  auto client_type = params.unique("client_type");
  if (!client_type) return client_type.error();
  if (*client_type) {
    auto type = client_type_parameter(**client_type);
    if (!type) return type.error();
    user.client_type = *type;
  }
  auto ip = params.unique("ip_address");
  if (!ip) return ip.error();
  user.ip_address = *ip && !(*ip)->empty() ? std::string(**ip) : client_address;
  return user;
}

Result<ValidateForm> validate_form_from(const http::Params& params) {
  ValidateForm form;
  for (auto [name, field] : {std::pair{"geetest_challenge", &form.challenge},
                             std::pair{"geetest_validate", &form.validate},
                             std::pair{"geetest_seccode", &form.seccode}}) {
    auto value = params.unique(name);
    if (!value) return value.error();
    if (*value) *field = std::string(**value);
  }
  return form;
}

}  // namespace

CaptchaRoutes::CaptchaRoutes(engine::CaptchaGate& gate, const LiveSnapshot<LiveSettings>& live)
    : gate_(gate), live_(live) {}

ClientAddress CaptchaRoutes::client_address(const http::Request& request) const {
  return live_.read().trusted_proxies.attribute(request.peer_address,
                                                request.header_list("X-Forwarded-For"));
}

awaitable<http::Response> CaptchaRoutes::register_challenge(const http::Request& request) {
  auto user = user_info_from(request.query, client_address(request).address);
  if (!user) co_return http::Response::bad_request(user.error()).no_store();
  auto digest = request.query.unique("digestmod");
  if (!digest) co_return http::Response::bad_request(digest.error()).no_store();
  RegisterParams params;
  params.user = std::move(*user);
  if (*digest) {
    auto mod = digestmod_parameter(**digest);
    if (!mod) co_return http::Response::bad_request(mod.error()).no_store();
    params.digestmod = *mod;
  }
  // Captcha answers are for one user and one moment: no cache may keep or share them.
  RegisterAnswer answer = co_await gate_.register_challenge(std::move(params));
  co_return http::Response::json(answer.status, std::move(answer.json)).no_store();
}

awaitable<http::Response> CaptchaRoutes::validate(const http::Request& request) {
  if (!request.body_is_form()) {
    const std::string why = "POST /validate takes an application/x-www-form-urlencoded body, not " +
                            request.content_type();
    co_return http::Response::error(415, "unsupported_media_type", why).no_store();
  }
  auto params = request.form();
  if (!params) co_return http::Response::bad_request(params.error()).no_store();
  auto form = validate_form_from(*params);
  if (!form) co_return http::Response::bad_request(form.error()).no_store();
  ClientAddress client = client_address(request);
  auto user = user_info_from(*params, client.address);
  if (!user) co_return http::Response::bad_request(user.error()).no_store();
  const ValidateResult result =
      co_await gate_.validate(std::move(*form), std::move(*user), std::move(client));
  // A user field out of shape is a malformed request, not a captcha verdict.
  if (result.reason == Reason::kInvalidParameter) {
    co_return http::Response::bad_request({result.reason, result.detail}).no_store();
  }
  co_return http::Response::json(200, result.to_json()).no_store();
}

}  // namespace gt3::service
