#include "bypass/memory_status_store.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "http/io_threads.h"

namespace gt3::bypass {
namespace {

class MemoryStatusStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.start({[this](const SharedState& s) { record([&] { states_.push_back(s); }); },
                  [this](bool r) { record([&] { reachable_ = r; }); },
                  [this](bool l) { record([&] { leader_ = l; }); }});
  }
  void TearDown() override {
    store_.stop();
    io_.stop();
  }

  template <class F>
  void record(F f) {
    std::lock_guard lock(mutex_);
    f();
    changed_.notify_all();
  }

  template <class Pred>
  bool await(Pred pred) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(10), pred);
  }

  http::IoThreads io_{2};
  MemoryStatusStore store_{io_.context()};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<SharedState> states_;
  bool reachable_ = false;
  bool leader_ = false;
};

TEST_F(MemoryStatusStoreTest, IsReachableAndAlwaysTheLeader) {
  EXPECT_TRUE(await([&] { return reachable_ && leader_ && !states_.empty(); }));
  std::lock_guard lock(mutex_);
  EXPECT_EQ(states_.front(), SharedState{});
}

TEST_F(MemoryStatusStoreTest, AnnouncesWritesOfStatusAndOverride) {
  store_.write_status(CloudStatus::kFail, std::chrono::seconds(6));
  store_.write_override(Override::kForceOnline);
  EXPECT_TRUE(await([&] {
    return !states_.empty() &&
           states_.back() == SharedState{CloudStatus::kFail, Override::kForceOnline};
  }));
}

TEST_F(MemoryStatusStoreTest, AWriteFromInsideAnEventDoesNotDeadlock) {
  MemoryStatusStore store(io_.context());
  std::atomic<int> calls{0};
  store.start({[&](const SharedState& s) {
                 if (++calls == 1) store.write_status(CloudStatus::kFail, {});
                 if (s.status == CloudStatus::kFail) record([] {});
               },
               {},
               {}});
  EXPECT_TRUE(await([&] { return calls >= 2; }));
  store.stop();
}

}  // namespace
}  // namespace gt3::bypass
