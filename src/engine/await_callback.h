// await_callback: lets a route coroutine wait for a callback-style operation (the sdk's cloud
// calls, the ledger, the instant check) without holding its I/O thread. The operation may call
// back inline or on any thread. Inline (a memory ledger, a poller's mode), the coroutine goes on
// at once, without a trip through the io_context's queue; later, it resumes on its own executor
// (the connection's), never on the caller's thread.
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

namespace gt3::engine {
namespace detail {

// Where the result and the waiting coroutine meet, whichever comes first.
template <typename T>
class CallbackMeeting {
 public:
  void complete(T value) {
    std::unique_lock lock(mutex_);
    if (!resume_) {
      value_.emplace(std::move(value));
      return;
    }
    auto resume = std::move(resume_);
    lock.unlock();
    resume(std::move(value));
  }

  // The result, when the operation called back before returning.
  std::optional<T> take_if_ready() {
    std::lock_guard lock(mutex_);
    return std::exchange(value_, std::nullopt);
  }

  template <typename Handler>
  void wait(Handler handler) {
    auto shared = std::make_shared<Handler>(std::move(handler));
    // The handler is touched off its executor only to learn that executor; it runs there.
    std::function<void(T)> resume = [shared](T value) {
      auto executor = boost::asio::get_associated_executor(*shared);
      boost::asio::post(
          executor, [shared, value = std::move(value)]() mutable { (*shared)(std::move(value)); });
    };
    std::unique_lock lock(mutex_);
    if (!value_) {
      resume_ = std::move(resume);
      return;
    }
    T value = std::move(*value_);
    value_.reset();
    lock.unlock();
    resume(std::move(value));  // it came between take_if_ready() and now
  }

 private:
  std::mutex mutex_;
  std::optional<T> value_;
  std::function<void(T)> resume_;
};

// The coroutine's wait for `meeting`'s result. A plain function, so that the initiation's
// captures are no temporaries of a co_await expression (GCC 12 mishandles those).
template <typename T>
boost::asio::awaitable<T> wait_for(const std::shared_ptr<CallbackMeeting<T>>& meeting) {
  return boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(T)>(
      [meeting](auto handler) { meeting->wait(std::move(handler)); }, boost::asio::use_awaitable);
}

}  // namespace detail

// `start` receives a std::function<void(T)> to call exactly once with the result.
template <typename T, typename Start>
boost::asio::awaitable<T> await_callback(Start start) {
  const auto meeting = std::make_shared<detail::CallbackMeeting<T>>();
  start(std::function<void(T)>([meeting](T value) { meeting->complete(std::move(value)); }));
  std::optional<T> ready = meeting->take_if_ready();
  if (ready) co_return std::move(*ready);
  co_return co_await detail::wait_for<T>(meeting);
}

}  // namespace gt3::engine
