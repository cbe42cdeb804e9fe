// await_callback: lets a route coroutine wait for a callback-style operation (the sdk's cloud
// calls, the ledger, the instant check) without holding its I/O thread. The operation may call
// back inline or on any thread. Inline (a memory ledger, a poller's mode), the coroutine goes on
// at once, without a trip through the io_context's queue; later, it resumes on its own executor
// (the connection's), never on the caller's thread: posted there (Resume::kPosted), or, with
// Resume::kInline, run at once inside the callback when that comes on the executor's own thread.
// kInline is for operations that call back holding no lock and doing nothing after (the HTTP
// client's completion): the coroutine may call them again before the callback returns.
// await_later is the same wait, without a coroutine frame of its own, for operations that call
// back after they return (the cloud calls).
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

namespace gt3::engine {

enum class Resume { kPosted, kInline };

namespace detail {

// Where the result and the waiting coroutine meet, whichever comes first: each stores its part,
// then swaps in its state; the second to arrive sees the first's and resumes the coroutine. One
// atomic swap each, the coroutine's handler kept in place (no std::function, no allocation).
// A route coroutine's handler for a result of type T.
template <typename T>
using AwaitableHandler =
    typename boost::asio::async_result<boost::asio::use_awaitable_t<>, void(T)>::handler_type;

template <typename T, typename Handler = AwaitableHandler<T>>
class CallbackMeeting {
 public:
  explicit CallbackMeeting(Resume how = Resume::kPosted) : how_(how) {}

  void complete(T value) {
    value_.emplace(std::move(value));
    if (state_.exchange(kValue, std::memory_order_acq_rel) == kWaiting) resume(how_);
  }

  // The result, when the operation called back before returning.
  std::optional<T> take_if_ready() {
    if (state_.load(std::memory_order_acquire) != kValue) return std::nullopt;
    return std::move(value_);
  }

  // Called from the wait's initiation: a value already there is posted, whatever how_ says, for
  // the coroutine cannot go on inside its own initiation.
  void wait(Handler handler) {
    handler_.emplace(std::move(handler));
    if (state_.exchange(kWaiting, std::memory_order_acq_rel) == kValue) resume(Resume::kPosted);
  }

 private:
  enum State { kEmpty, kValue, kWaiting };

  // Both have arrived. The coroutine goes on on its own executor (the connection's), never on
  // the caller's thread. The handler and the value leave the meeting first, so that the
  // coroutine, once resumed, shares nothing with the meeting nor with another thread.
  void resume(Resume how) {
    Handler handler = std::move(*handler_);
    T value = std::move(*value_);
    const auto executor = boost::asio::get_associated_executor(handler);
    auto go_on = [handler = std::move(handler), value = std::move(value)]() mutable {
      std::move(handler)(std::move(value));
    };
    if (how == Resume::kInline) {
      boost::asio::dispatch(executor, std::move(go_on));
    } else {
      boost::asio::post(executor, std::move(go_on));
    }
  }

  const Resume how_;
  std::atomic<State> state_{kEmpty};
  std::optional<T> value_;
  std::optional<Handler> handler_;
};

// The coroutine's wait for `meeting`'s result. A plain function, so that the initiation's
// captures are no temporaries of a co_await expression (GCC 12 mishandles those).
template <typename T>
boost::asio::awaitable<T> wait_for(const std::shared_ptr<CallbackMeeting<T>>& meeting) {
  return boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(T)>(
      [meeting](AwaitableHandler<T> handler) {
        meeting->wait(std::move(handler));
      },
      boost::asio::use_awaitable);
}

}  // namespace detail

// `start` receives a std::function<void(T)> to call exactly once with the result.
template <typename T, typename Start>
boost::asio::awaitable<T> await_callback(Start start, Resume how = Resume::kPosted) {
  const auto meeting = std::make_shared<detail::CallbackMeeting<T>>(how);
  start(std::function<void(T)>([meeting](T value) { meeting->complete(std::move(value)); }));
  std::optional<T> ready = meeting->take_if_ready();
  if (ready) co_return std::move(*ready);
  co_return co_await detail::wait_for<T>(meeting);
}

// As await_callback, for an operation that calls back after it returns (the sdk's cloud calls):
// it starts inside the wait's initiation, so the wait costs no coroutine frame of its own. One
// that calls back before it returns all the same goes on through the queue.
template <typename T, typename Start>
boost::asio::awaitable<T> await_later(Start start, Resume how = Resume::kPosted) {
  return boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(T)>(
      [start = std::move(start), how](detail::AwaitableHandler<T> handler) mutable {
        const auto meeting = std::make_shared<detail::CallbackMeeting<T>>(how);
        start(std::function<void(T)>([meeting](T value) { meeting->complete(std::move(value)); }));
        meeting->wait(std::move(handler));
      },
      boost::asio::use_awaitable);
}

}  // namespace gt3::engine
