#include "service/captcha_routes.h"

namespace gt3::service {
namespace {

using boost::asio::awaitable;

// user_id, client_type and ip_address from a query or a form; the address defaults to the
// client's (a backend calling us as a sidecar passes its user's). An unknown client_type is sent as
// "unknown" rather than refused: pages written for the official SDKs pass values of their own.
Result<UserInfo> user_info_from(const http::Params& params, const std::string& client_address) {
  UserInfo user;
  auto user_id = params.unique("user_id");
  if (!user_id) return user_id.error();
  if (*user_id) user.user_id = std::string(**user_id);
  auto client_type = params.unique("client_type");
  if (!client_type) return client_type.error();
  if (*client_type && !(*client_type)->empty()) {
    user.client_type = parse_client_type(**client_type).value_or(ClientType::kUnknown);
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

CaptchaRoutes::CaptchaRoutes(CaptchaGate& gate, const TrustedProxies& proxies)
    : gate_(gate), proxies_(proxies) {}

std::string CaptchaRoutes::client_address(const http::Request& request) const {
  return proxies_.client_address(request.peer_address, request.header("X-Forwarded-For"));
}

awaitable<http::Response> CaptchaRoutes::register_challenge(const http::Request& request) {
  auto user = user_info_from(request.query, client_address(request));
  if (!user) co_return http::Response::bad_request(user.error());
  auto digest = request.query.unique("digestmod");
  if (!digest) co_return http::Response::bad_request(digest.error());
  RegisterParams params;
  params.user = std::move(*user);
  // As the official SDKs do, an unknown digestmod falls back to md5.
  if (*digest && !(*digest)->empty()) params.digestmod = digestmod_or_md5(**digest);
  RegisterAnswer answer = co_await gate_.register_challenge(std::move(params));
  co_return http::Response::json(200, std::move(answer.json));
}

awaitable<http::Response> CaptchaRoutes::validate(const http::Request& request) {
  const std::string content_type = request.content_type();
  if (!content_type.empty() && content_type != kFormContentType) {
    co_return http::Response::error(
        415, "unsupported_media_type",
        "POST /validate takes an application/x-www-form-urlencoded body, not " + content_type);
  }
  auto params = request.form();
  if (!params) co_return http::Response::bad_request(params.error());
  auto form = validate_form_from(*params);
  if (!form) co_return http::Response::bad_request(form.error());
  std::string client = client_address(request);
  auto user = user_info_from(*params, client);
  if (!user) co_return http::Response::bad_request(user.error());
  const ValidateResult result =
      co_await gate_.validate(std::move(*form), std::move(*user), std::move(client));
  co_return http::Response::json(200, result.to_json());
}

}  // namespace gt3::service
