// Client test support (tests only): an io_context run by a few threads for the AsioHttpClient
// tests, and a blocking fetch() that waits for a request's single outcome.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <ostream>
#include <thread>
#include <vector>

#include "gt3/asio_http_client.h"

namespace gt3 {

// gtest prints reasons by name.
inline void PrintTo(Reason reason, std::ostream* os) { *os << reason_name(reason); }

}  // namespace gt3

namespace gt3::testing {

// Generous: only a safety net so that a broken client fails the test instead of hanging it.
inline constexpr std::chrono::seconds kSafetyNet{10};

class ClientIo {
 public:
  // concurrency_hint 1 says one thread runs the context, as the service's lanes are run.
  explicit ClientIo(unsigned threads = 1,
                    int concurrency_hint = BOOST_ASIO_CONCURRENCY_HINT_DEFAULT)
      : io_(concurrency_hint), guard_(io_.get_executor()) {
    for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { io_.run(); });
  }
  ~ClientIo() {
    guard_.reset();
    io_.stop();
    for (std::thread& t : threads_) t.join();
  }
  boost::asio::io_context& context() { return io_; }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::vector<std::thread> threads_;
};

inline HttpRequest get(std::string url, std::chrono::milliseconds deadline = kSafetyNet / 2) {
  HttpRequest request;
  request.url = std::move(url);
  request.deadline = deadline;
  return request;
}

inline HttpRequest post(std::string url, std::string content_type, std::string body,
                        std::chrono::milliseconds deadline = kSafetyNet / 2) {
  HttpRequest request = get(std::move(url), deadline);
  request.method = HttpMethod::kPost;
  request.content_type = std::move(content_type);
  request.body = std::move(body);
  return request;
}

// Waits (at most kSafetyNet) for the outcome of a call that `send` makes, given the handler.
template <typename Send>
HttpOutcome outcome_of(Send send) {
  auto promise = std::make_shared<std::promise<HttpOutcome>>();
  std::future<HttpOutcome> future = promise->get_future();
  send([promise](HttpOutcome outcome) { promise->set_value(std::move(outcome)); });
  if (future.wait_for(kSafetyNet) != std::future_status::ready) {
    ADD_FAILURE() << "the handler was not called within " << kSafetyNet.count() << " s";
    return HttpError{Reason::kNetwork, 0, "test: no outcome"};
  }
  return future.get();
}

// Sends `request` and waits for its outcome.
inline HttpOutcome fetch(HttpClient& client, HttpRequest request) {
  return outcome_of(
      [&](HttpClient::Handler done) { client.send(std::move(request), std::move(done)); });
}

// As fetch(), with send() called on `io`'s thread: the way a route coroutine calls the client.
inline HttpOutcome fetch_from(boost::asio::io_context& io, HttpClient& client,
                              HttpRequest request) {
  return outcome_of([&](HttpClient::Handler done) {
    boost::asio::post(io,
                      [&client, request = std::move(request), done = std::move(done)]() mutable {
                        client.send(std::move(request), std::move(done));
                      });
  });
}

inline std::string describe(const HttpOutcome& outcome) {
  if (outcome) return "HTTP " + std::to_string(outcome->status) + ": " + outcome->body;
  return std::string(reason_name(outcome.error().reason)) + ": " + outcome.error().detail;
}

inline Reason reason_of(const HttpOutcome& outcome) {
  EXPECT_FALSE(outcome.has_value()) << describe(outcome);
  return outcome ? Reason::kNetwork : outcome.error().reason;
}

}  // namespace gt3::testing
