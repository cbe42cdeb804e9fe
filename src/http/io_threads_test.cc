#include "http/io_threads.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>

namespace gt3::http {
namespace {

TEST(IoThreads, RunsWorkOnAsManyThreadsAsAsked) {
  IoThreads io(2);
  EXPECT_EQ(io.size(), 2u);
  // Two handlers that each wait for the other can only both finish on two threads.
  std::mutex mutex;
  std::condition_variable cv;
  int arrived = 0;
  std::set<std::thread::id> threads;
  for (int i = 0; i < 2; ++i) {
    boost::asio::post(io.context(), [&] {
      std::unique_lock lock(mutex);
      ++arrived;
      threads.insert(std::this_thread::get_id());
      cv.notify_all();
      cv.wait(lock, [&] { return arrived == 2; });
    });
  }
  std::unique_lock lock(mutex);
  cv.wait(lock, [&] { return arrived == 2; });
  EXPECT_EQ(threads.size(), 2u);
}

TEST(IoThreads, ZeroMeansOneThreadPerCore) {
  IoThreads io(0);
  EXPECT_GE(io.size(), 1u);
}

TEST(IoThreads, StopIsIdempotent) {
  IoThreads io(1);
  io.stop();
  io.stop();
  EXPECT_TRUE(io.context().stopped());
}

TEST(IoThreads, StopFromOneOfItsThreadsDoesNotDeadlock) {
  IoThreads io(2);
  std::mutex mutex;
  std::condition_variable cv;
  bool done = false;
  boost::asio::post(io.context(), [&] {
    io.stop();
    std::lock_guard lock(mutex);
    done = true;
    cv.notify_all();
  });
  std::unique_lock lock(mutex);
  cv.wait(lock, [&] { return done; });
  lock.unlock();
  io.stop();  // joins them all from outside
  EXPECT_TRUE(io.context().stopped());
}

TEST(IoThreads, SharedLayoutHasOneContextForAllThreads) {
  IoThreads io(2);
  const auto contexts = io.contexts();
  ASSERT_EQ(contexts.size(), 1u);
  EXPECT_EQ(contexts[0], &io.context());
}

// The thread a handler ran on, after it ran.
std::thread::id thread_of(boost::asio::io_context& context) {
  std::promise<std::thread::id> ran;
  boost::asio::post(context, [&] { ran.set_value(std::this_thread::get_id()); });
  return ran.get_future().get();
}

TEST(IoThreads, ContextPerThreadRunsEachContextOnAThreadOfItsOwn) {
  IoThreads io(3, IoThreads::Layout::kContextPerThread);
  EXPECT_EQ(io.size(), 3u);
  const auto contexts = io.contexts();
  ASSERT_EQ(contexts.size(), 3u);
  EXPECT_EQ(contexts[0], &io.context());
  std::set<std::thread::id> threads;
  for (auto* context : contexts) {
    const std::thread::id first = thread_of(*context);
    for (int i = 0; i < 20; ++i) EXPECT_EQ(thread_of(*context), first);  // never another thread
    threads.insert(first);
  }
  EXPECT_EQ(threads.size(), 3u);
  EXPECT_EQ(threads.count(std::this_thread::get_id()), 0u);
}

TEST(IoThreads, ContextPerThreadStopStopsEveryContext) {
  IoThreads io(2, IoThreads::Layout::kContextPerThread);
  io.stop();
  for (auto* context : io.contexts()) EXPECT_TRUE(context->stopped());
}

// What AsioHttpClient reads to decide whether a call on a context needs a strand.
TEST(IoThreads, OnlyAContextMadeForOneThreadIsSaidToRunOnOne) {
  IoThreads per_thread(2, IoThreads::Layout::kContextPerThread);
  for (auto* context : per_thread.contexts()) EXPECT_TRUE(runs_on_one_thread(*context));
  IoThreads shared(2, IoThreads::Layout::kShared);
  EXPECT_FALSE(runs_on_one_thread(shared.context()));
  boost::asio::io_context plain;
  EXPECT_FALSE(runs_on_one_thread(plain));
  boost::asio::io_context hinted(1);
  EXPECT_TRUE(runs_on_one_thread(hinted));
}

}  // namespace
}  // namespace gt3::http
