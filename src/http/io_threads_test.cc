#include "http/io_threads.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <condition_variable>
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

}  // namespace
}  // namespace gt3::http
