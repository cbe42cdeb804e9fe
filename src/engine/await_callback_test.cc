// await_callback inside the HTTP server's route coroutines: completions inline, from a foreign
// thread, and from another io_context, many times over (what the captcha routes do).
#include "engine/await_callback.h"

#include <gtest/gtest.h>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "http/io_threads.h"
#include "http/server.h"
#include "testing/raw_connection.h"

namespace gt3::engine {
namespace {

using boost::asio::awaitable;

TEST(AwaitCallback, ResumesRouteCoroutinesWhereverTheCallbackRuns) {
  http::IoThreads io(2);
  http::IoThreads other(1);
  http::Router router;
  router.add(http::Method::kGet, "/inline", [](const http::Request&) -> awaitable<http::Response> {
    const int value = co_await await_callback<int>([](std::function<void(int)> done) { done(7); });
    co_return http::Response::json(200, std::to_string(value));
  });
  router.add(http::Method::kGet, "/thread", [](const http::Request&) -> awaitable<http::Response> {
    const int value = co_await await_callback<int>(
        [](std::function<void(int)> done) { std::thread([done] { done(8); }).detach(); });
    co_return http::Response::json(200, std::to_string(value));
  });
  router.add(
      http::Method::kGet, "/other", [&other](const http::Request&) -> awaitable<http::Response> {
        const int value = co_await await_callback<int>([&other](std::function<void(int)> done) {
          boost::asio::post(other.context(), [done] { done(9); });
        });
        co_return http::Response::json(200, std::to_string(value));
      });
  router.add(http::Method::kGet, "/hop", [](const http::Request&) -> awaitable<http::Response> {
    co_await boost::asio::post(co_await boost::asio::this_coro::executor,
                               boost::asio::use_awaitable);
    co_return http::Response::json(200, "6");
  });
  http::HttpServer server(io.context(), {}, std::move(router));
  ASSERT_TRUE(server.start().has_value());
  for (int i = 0; i < 50; ++i) {
    for (const auto& [path, expected] : {std::pair{"/hop", "6"}, std::pair{"/inline", "7"},
                                         std::pair{"/thread", "8"}, std::pair{"/other", "9"}}) {
      testing::RawConnection connection(server.port());
      connection.send(std::string("GET ") + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
      const auto answer = connection.read_answer();
      ASSERT_TRUE(answer.has_value());
      EXPECT_EQ(answer->body, expected);
    }
  }
  server.stop();
}

// An operation that answers before it returns (a memory ledger, a poller's mode) costs no trip
// through the queue: work queued before it has not run when the coroutine goes on.
TEST(AwaitCallback, AnInlineAnswerGoesOnBeforeWorkQueuedEarlier) {
  boost::asio::io_context io;
  bool queued_work_ran = false;
  std::optional<bool> ran_when_answered;
  boost::asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        boost::asio::post(io, [&] { queued_work_ran = true; });
        const int value =
            co_await await_callback<int>([](std::function<void(int)> done) { done(7); });
        EXPECT_EQ(value, 7);
        ran_when_answered = queued_work_ran;
      },
      boost::asio::detached);
  io.run();
  EXPECT_EQ(ran_when_answered, false);
  EXPECT_TRUE(queued_work_ran);
}

// The answer arrives after the coroutine looked for it and before it waits: it is not lost.
TEST(AwaitCallback, AnAnswerBetweenTheLookAndTheWaitIsDelivered) {
  boost::asio::io_context io;
  std::optional<int> delivered;
  auto handler = boost::asio::bind_executor(io, [&](int value) { delivered = value; });
  detail::CallbackMeeting<int, decltype(handler)> meeting;
  ASSERT_EQ(meeting.take_if_ready(), std::nullopt);
  meeting.complete(5);
  meeting.wait(std::move(handler));
  EXPECT_EQ(delivered, std::nullopt);  // posted to the handler's executor, not run inline
  io.run();
  EXPECT_EQ(delivered, 5);
}

// The same inside a handler of the executor, with Resume::kInline: the wait is called from the
// coroutine's own initiation, where it cannot go on, so the answer is posted all the same.
TEST(AwaitCallback, AnAnswerBeforeTheWaitIsPostedEvenForAnInlineResume) {
  boost::asio::io_context io;
  std::optional<int> delivered;
  std::optional<bool> delivered_inside_the_wait;
  auto handler = boost::asio::bind_executor(io, [&](int value) { delivered = value; });
  const auto meeting =
      std::make_shared<detail::CallbackMeeting<int, decltype(handler)>>(Resume::kInline);
  boost::asio::post(io, [&] {
    meeting->complete(5);
    meeting->wait(std::move(handler));
    delivered_inside_the_wait = delivered.has_value();
  });
  io.run();
  EXPECT_EQ(delivered_inside_the_wait, false);
  EXPECT_EQ(delivered, 5);
}

// await_later (the cloud calls): an answer after the start returned, on the coroutine's thread,
// goes on inside the callback with kInline and is queued with kPosted; one given before the
// start returned goes through the queue either way.
TEST(AwaitLater, ResumesInsideALaterCallbackOnlyWhenAskedTo) {
  for (const Resume how : {Resume::kInline, Resume::kPosted}) {
    boost::asio::io_context io;
    std::function<void(int)> answer;
    std::vector<std::string> order;
    boost::asio::co_spawn(
        io,
        [&]() -> awaitable<void> {
          const int value = co_await await_later<int>(
              [&](std::function<void(int)> done) { answer = std::move(done); }, how);
          order.push_back("resumed with " + std::to_string(value));
        },
        boost::asio::detached);
    boost::asio::post(io, [&] {
      answer(4);
      order.push_back("callback returned");
    });
    io.run();
    const std::vector<std::string> inline_order{"resumed with 4", "callback returned"};
    const std::vector<std::string> posted_order{"callback returned", "resumed with 4"};
    EXPECT_EQ(order, how == Resume::kInline ? inline_order : posted_order);
  }
}

TEST(AwaitLater, AnAnswerBeforeTheStartReturnsGoesThroughTheQueue) {
  for (const Resume how : {Resume::kInline, Resume::kPosted}) {
    boost::asio::io_context io;
    std::vector<std::string> order;
    boost::asio::co_spawn(
        io,
        [&]() -> awaitable<void> {
          boost::asio::post(io, [&] { order.push_back("queued earlier"); });
          const int value = co_await await_later<int>(
              [&](std::function<void(int)> done) {
                done(3);
                order.push_back("start returned");
              },
              how);
          order.push_back("resumed with " + std::to_string(value));
        },
        boost::asio::detached);
    io.run();
    EXPECT_EQ(order, (std::vector<std::string>{"start returned", "queued earlier",
                                               "resumed with 3"}));
  }
}

TEST(AwaitLater, AnAnswerFromAnotherThreadResumesOnTheCoroutinesThread) {
  for (const Resume how : {Resume::kInline, Resume::kPosted}) {
    boost::asio::io_context io;
    std::optional<std::thread::id> resumed_on;
    std::thread answering;
    boost::asio::co_spawn(
        io,
        [&]() -> awaitable<void> {
          const int value = co_await await_later<int>(
              [&](std::function<void(int)> done) {
                answering = std::thread([done] { done(2); });
              },
              how);
          EXPECT_EQ(value, 2);
          resumed_on = std::this_thread::get_id();
        },
        boost::asio::detached);
    io.run();  // the pending wait keeps it running until the answer is delivered
    answering.join();
    EXPECT_EQ(resumed_on, std::this_thread::get_id());
  }
}

// The coroutine waits first; the answer comes later, from another thread: delivered once, on
// the handler's executor, whichever way the meeting resumes (kInline never runs the coroutine
// on another thread).
TEST(AwaitCallback, AnAnswerAfterTheWaitIsDeliveredOnTheHandlersExecutor) {
  for (const Resume how : {Resume::kPosted, Resume::kInline}) {
    boost::asio::io_context io;
    std::optional<int> delivered;
    std::optional<std::thread::id> delivered_on;
    auto handler = boost::asio::bind_executor(io, [&](int value) {
      delivered = value;
      delivered_on = std::this_thread::get_id();
    });
    // On the heap, as await_callback keeps it (GCC's -O1 misjudges a local one as uninitialized).
    const auto meeting = std::make_shared<detail::CallbackMeeting<int, decltype(handler)>>(how);
    ASSERT_EQ(meeting->take_if_ready(), std::nullopt);
    meeting->wait(std::move(handler));
    std::thread([&] { meeting->complete(6); }).join();
    EXPECT_EQ(delivered, std::nullopt);
    io.run();
    EXPECT_EQ(delivered, 6);
    EXPECT_EQ(delivered_on, std::this_thread::get_id());
  }
}

// Resume::kInline (the cloud calls): an answer given on the coroutine's own thread goes on inside
// the callback, before it returns; Resume::kPosted queues it.
TEST(AwaitCallback, AnInlineResumeGoesOnBeforeTheCallbackReturns) {
  for (const Resume how : {Resume::kInline, Resume::kPosted}) {
    boost::asio::io_context io;
    std::function<void(int)> answer;
    std::vector<std::string> order;
    boost::asio::co_spawn(
        io,
        [&]() -> awaitable<void> {
          const int value = co_await await_callback<int>(
              [&](std::function<void(int)> done) { answer = std::move(done); }, how);
          order.push_back("resumed with " + std::to_string(value));
        },
        boost::asio::detached);
    boost::asio::post(io, [&] {
      answer(4);
      order.push_back("callback returned");
    });
    io.run();
    const std::vector<std::string> inline_order{"resumed with 4", "callback returned"};
    const std::vector<std::string> posted_order{"callback returned", "resumed with 4"};
    EXPECT_EQ(order, how == Resume::kInline ? inline_order : posted_order);
  }
}

}  // namespace
}  // namespace gt3::engine
