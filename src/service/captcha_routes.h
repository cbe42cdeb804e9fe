// CaptchaRoutes: the HTTP face of CaptchaGate in `serve`: GET /register and POST /validate.
// It turns the query or the form into the gate's parameters (the client's address from the peer,
// or X-Forwarded-For from a trusted proxy) and the gate's answers into HTTP answers of the
// official shapes (200 with result success/fail for every captcha verdict, so pages written for
// GeeTest's demos work unchanged). Malformed requests (bad encoding, duplicate fields, an
// unsupported content type, a user field out of shape) get a 4xx JSON error instead. Every
// answer carries Cache-Control: no-store. The trusted proxies are the live settings' (a reload
// changes them). Thread-safe; the gate and the live settings must outlive it.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "http/request.h"
#include "http/response.h"
#include "engine/captcha_gate.h"
#include "sdk/live_snapshot.h"
#include "service/live_settings.h"

namespace gt3::service {

class CaptchaRoutes {
 public:
  CaptchaRoutes(engine::CaptchaGate& gate, const LiveSnapshot<LiveSettings>& live);

  boost::asio::awaitable<http::Response> register_challenge(const http::Request& request);
  boost::asio::awaitable<http::Response> validate(const http::Request& request);

 private:
  // The peer, or what a trusted proxy says in X-Forwarded-For.
  ClientAddress client_address(const http::Request& request) const;

  engine::CaptchaGate& gate_;
  const LiveSnapshot<LiveSettings>& live_;
};

}  // namespace gt3::service
