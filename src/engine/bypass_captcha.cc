// BypassCaptcha (gt3/bypass_captcha.h): the public face of CaptchaEngine. Each asynchronous call
// runs the gate's coroutine on the io_context and hands its answer to the caller's handler on the
// handler's own executor.
#include "gt3/bypass_captcha.h"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>

#include "engine/captcha_engine.h"

namespace gt3 {
namespace asio = boost::asio;

namespace {

// The observer of a BypassCaptcha given none.
BypassObserver& no_observer() {
  static BypassObserver nothing;
  return nothing;
}

// Runs `work()` (a coroutine returning awaitable<T>) on `io` and completes `handler` with its
// value on the handler's associated executor. `work` owns the arguments: GCC 12 destroys a
// coroutine's by-value parameters twice when the coroutine is called as an argument of another
// call, so the gate is only ever called inside a coroutine here. An exception (only allocation
// can throw) propagates out of io.run().
template <class T, class Work, class Handler>
void run_then_complete(asio::io_context& io, Work work, Handler handler) {
  asio::co_spawn(io, std::move(work),
                 [&io, handler = std::move(handler)](std::exception_ptr error, T value) mutable {
                   if (error) std::rethrow_exception(error);
                   auto executor = asio::get_associated_executor(handler, io.get_executor());
                   asio::dispatch(executor, [handler = std::move(handler),
                                             value = std::move(value)]() mutable {
                     std::move(handler)(std::move(value));
                   });
                 });
}

}  // namespace

BypassCaptcha::BypassCaptcha(asio::io_context& io, BypassOptions options, BypassObserver* observer)
    : engine_(std::make_unique<engine::CaptchaEngine>(io, options,
                                                      observer ? *observer : no_observer())) {}

BypassCaptcha::~BypassCaptcha() = default;

void BypassCaptcha::start() { engine_->start(); }
void BypassCaptcha::stop() { engine_->stop(); }

void BypassCaptcha::start_register(RegisterParams params,
                                   asio::any_completion_handler<RegisterSignature> handler) {
  auto work = [gate = &engine_->gate(),
               params = std::move(params)]() mutable -> asio::awaitable<RegisterAnswer> {
    co_return co_await gate->register_challenge(std::move(params));
  };
  run_then_complete<RegisterAnswer>(engine_->io(), std::move(work), std::move(handler));
}

void BypassCaptcha::start_validate(ValidateForm form, UserInfo user, ClientAddress client,
                                   asio::any_completion_handler<ValidateSignature> handler) {
  auto work = [gate = &engine_->gate(), form = std::move(form), user = std::move(user),
               client = std::move(client)]() mutable -> asio::awaitable<ValidateResult> {
    co_return co_await gate->validate(std::move(form), std::move(user), std::move(client));
  };
  run_then_complete<ValidateResult>(engine_->io(), std::move(work), std::move(handler));
}

std::shared_ptr<const StatusSnapshot> BypassCaptcha::status() const {
  if (const auto* keeper = engine_->keeper()) return keeper->availability().snapshot();
  auto failback = std::make_shared<StatusSnapshot>();
  failback->cause = "failback";
  return failback;
}

std::vector<Transition> BypassCaptcha::history() const {
  if (const auto* keeper = engine_->keeper()) return keeper->availability().history();
  return {};
}

void BypassCaptcha::set_override(Override mode) {
  if (auto* keeper = engine_->keeper()) keeper->set_override(mode);
}

FleetView BypassCaptcha::fleet() const {
  if (const auto* keeper = engine_->keeper()) return keeper->fleet();
  return FleetView{"memory", false, false, false};
}

}  // namespace gt3
