// CaptchaRoutes: the HTTP face of CaptchaGate in `serve`: GET /register and POST /validate.
// It turns the query or the form into the gate's parameters (the client's address from the peer,
// or X-Forwarded-For from a trusted proxy) and the gate's answers into HTTP answers of the
// official shapes (200 with result success/fail for every captcha verdict, so pages written for
// GeeTest's demos work unchanged). Malformed requests (bad encoding, duplicate fields, an
// unsupported content type, a user field out of shape) get a 4xx JSON error instead. Every
// answer carries Cache-Control: no-store. Thread-safe; the gate and the proxies must outlive it.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "http/request.h"
#include "http/response.h"
#include "engine/captcha_gate.h"
#include "service/trusted_proxies.h"

namespace gt3::service {

class CaptchaRoutes {
 public:
  CaptchaRoutes(engine::CaptchaGate& gate, const TrustedProxies& proxies);

  boost::asio::awaitable<http::Response> register_challenge(const http::Request& request);
  boost::asio::awaitable<http::Response> validate(const http::Request& request);

 private:
  // The peer, or what a trusted proxy says in X-Forwarded-For.
  ClientAddress client_address(const http::Request& request) const;

  engine::CaptchaGate& gate_;
  const TrustedProxies& proxies_;
};

}  // namespace gt3::service
