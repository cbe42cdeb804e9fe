// await_callback: lets a route coroutine wait for a callback-style operation (the sdk's cloud
// calls, the ledger, the instant check) without holding its I/O thread. The operation may call
// back inline or on any thread; the coroutine always resumes on its own executor (the
// connection's strand), never on the caller's thread.
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <functional>
#include <memory>
#include <utility>

namespace gt3::engine {

// `start` receives a std::function<void(T)> to call exactly once with the result.
template <typename T, typename Start>
boost::asio::awaitable<T> await_callback(Start start) {
  return boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(T)>(
      [start = std::move(start)](auto handler) mutable {
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        // The handler is touched off its executor only to learn that executor; it runs there.
        start(std::function<void(T)>([shared](T value) {
          auto executor = boost::asio::get_associated_executor(*shared);
          boost::asio::post(executor, [shared, value = std::move(value)]() mutable {
            (*shared)(std::move(value));
          });
        }));
      },
      boost::asio::use_awaitable);
}

}  // namespace gt3::engine
