// Gate: a point where server tests hold their handlers (tests only). A handler co_awaits wait()
// without holding its thread; the test waits until a number of handlers have arrived (with a
// safety net, never as synchronisation by the clock), then opens the gate for all of them.
// Thread-safe; the timers it cancels belong to the handlers' strands, so they are cancelled there.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

namespace gt3::testing {

class Gate {
 public:
  boost::asio::awaitable<void> wait() {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor,
                                    boost::asio::steady_timer::time_point::max());
    {
      std::lock_guard lock(mutex_);
      if (open_) co_return;
      timers_.push_back(&timer);
      ++arrived_;
      cv_.notify_all();
    }
    co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  }

  bool wait_for_arrivals(int n) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, std::chrono::seconds(10), [&] { return arrived_ >= n; });
  }

  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    for (boost::asio::steady_timer* timer : timers_) {
      boost::asio::post(timer->get_executor(), [timer] { timer->cancel(); });
    }
    timers_.clear();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int arrived_ = 0;
  bool open_ = false;
  std::vector<boost::asio::steady_timer*> timers_;
};

}  // namespace gt3::testing
