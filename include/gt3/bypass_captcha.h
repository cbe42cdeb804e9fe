// BypassCaptcha: GeeTest CAPTCHA v3 with ByPass mode for one site, inside a C++ server of your
// own. What a login page's backend holds to answer "register" (hand the page a challenge) and
// "validate" (did this user solve it?), online through the GeeTest cloud and, while the cloud is
// down, offline under a policy that still costs bots something (docs/design.md, docs/security.md).
// It keeps the cloud's status in the background (probes, or a fleet's shared status in Redis),
// never on the request path.
//
//   asio::io_context io;                       // its threads are yours to run
//   gt3::BypassCaptcha captcha(io, options);   // throws std::invalid_argument on bad options
//   captcha.start();                           // off io's threads, with them running
//   auto answer  = co_await captcha.async_register(params, asio::use_awaitable);
//   const gt3::ClientAddress client{peer_ip};  // named: see async_register on GCC 12
//   auto verdict = co_await captcha.async_validate(form, user, client, asio::use_awaitable);
//   captcha.stop();                            // before io stops
//
// Ownership: the io_context, and the observer when one is given, must outlive the BypassCaptcha;
// calls in flight refer to it, so destroy it only once no handler of it can still run (after
// stop() and the io_context's run() returned, or the io_context stopped).
// Threads: every method is thread-safe after start(); the asynchronous calls run on the
// io_context and never block its threads; their handlers run on the handler's associated
// executor (the io_context's by default). Completion tokens: anything Asio accepts for the
// signature (a callback, use_awaitable, use_future, deferred, ...).
// Timing: start() decides the first status before it returns: in poll mode it waits for one
// probe (up to probe.timeout, plus Redis's command timeout with a fleet), so that nothing is
// served on a guess; stop() releases a fleet's lease and ends the cloud calls in flight, whose
// handlers then complete with a cloud failure (idempotent; the destructor stops).
// Failures: no call throws on bad input; every refusal is in the answer (reason, HTTP status).
#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <memory>
#include <string>
#include <vector>

#include "gt3/bypass_observer.h"
#include "gt3/bypass_options.h"
#include "gt3/register.h"
#include "gt3/status.h"
#include "gt3/user_info.h"
#include "gt3/validate.h"

namespace boost::asio {
class io_context;
}

namespace gt3 {

// What a register answers: the result, and the JSON for the page's initGeetest (the official
// fields, plus `offline_policy` and, for `pow`, the puzzle when offline). When no challenge can be
// handed out (a parameter out of shape: 400; the cloud refused the request: 502), `status` says
// so and `json` is {"error": "<reason name>", "message": "<sentence>"}.
struct RegisterAnswer {
  RegisterResult result;
  std::string json;
  int status = 200;
};

// Where a validation comes from, as your server saw it: the key of the offline rate limit, never
// a field the client chose. Behind a proxy, the end user's address as your trusted proxy
// reported it; `attributed = false` when a trusted proxy did not say whose request it is (such a
// request passes nothing offline).
struct ClientAddress {
  std::string address;
  bool attributed = true;

  friend bool operator==(const ClientAddress&, const ClientAddress&) = default;
};

// How the fleet side looks from this instance.
struct FleetView {
  std::string store;  // "memory" or "redis"
  bool leader = false;
  bool store_reachable = false;
  bool probing_alone = false;
};

namespace engine {
class CaptchaEngine;
}

class BypassCaptcha {
 public:
  using RegisterSignature = void(RegisterAnswer);
  using ValidateSignature = void(ValidateResult);

  BypassCaptcha(boost::asio::io_context& io, BypassOptions options,
                BypassObserver* observer = nullptr);
  ~BypassCaptcha();
  BypassCaptcha(const BypassCaptcha&) = delete;
  BypassCaptcha& operator=(const BypassCaptcha&) = delete;

  void start();
  void stop();

  // A challenge for the page. `params.user` is forwarded to the cloud (checked first).
  // The arguments are copied at once. With GCC 12, name them before a co_await rather than pass
  // temporaries (`{peer}`) inside it: GCC 12 destroys the temporaries of a co_await expression
  // twice (fixed in GCC 13), which no signature here can prevent.
  template <typename CompletionToken>
  auto async_register(const RegisterParams& params, CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, RegisterSignature>(
        [this](auto handler, RegisterParams p) { start_register(std::move(p), std::move(handler)); },
        token, params);
  }

  // Whether the three fields the page posted are a solved captcha. `user` is forwarded to the
  // cloud (checked first); `client` keys the offline rate limit.
  template <typename CompletionToken>
  auto async_validate(const ValidateForm& form, const UserInfo& user, const ClientAddress& client,
                      CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, ValidateSignature>(
        [this](auto handler, ValidateForm f, UserInfo u, ClientAddress c) {
          start_validate(std::move(f), std::move(u), std::move(c), std::move(handler));
        },
        token, form, user, client);
  }

  // The status now: the mode requests run in and why. In failback mode (no status) always online
  // with the cause "failback".
  std::shared_ptr<const StatusSnapshot> status() const;
  std::vector<Transition> history() const;  // oldest first; empty in failback mode

  // Forces the mode (on every instance of a fleet); kAuto gives it back to the probes. Ignored in
  // failback mode.
  void set_override(Override mode);

  FleetView fleet() const;

 private:
  void start_register(RegisterParams params,
                      boost::asio::any_completion_handler<RegisterSignature> handler);
  void start_validate(ValidateForm form, UserInfo user, ClientAddress client,
                      boost::asio::any_completion_handler<ValidateSignature> handler);

  std::unique_ptr<engine::CaptchaEngine> engine_;
};

}  // namespace gt3
