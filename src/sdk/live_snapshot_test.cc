// LiveSnapshot: readers see the newest published value, copies are freed once nobody reads them,
// and readers on many threads race a publisher safely (run under the tsan preset too).
#include "sdk/live_snapshot.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace gt3 {
namespace {

// Counts the copies alive, to see when one is freed. It owns its counter, as a value in a
// LiveSnapshot must (a copy may be freed after the test that made it has ended).
using Counter = std::shared_ptr<std::atomic<int>>;
struct Counted {
  Counted(int v, Counter alive) : value(v), alive_(std::move(alive)) { ++*alive_; }
  Counted(Counted&& other) noexcept : value(other.value), alive_(other.alive_) { ++*alive_; }
  ~Counted() { --*alive_; }
  int value;

 private:
  Counter alive_;
};

TEST(LiveSnapshot, ReadsTheFirstValueUntilANewOneIsPublished) {
  LiveSnapshot<std::string> snapshot("first");
  EXPECT_EQ(snapshot.read(), "first");
  EXPECT_EQ(snapshot.read(), "first");
  snapshot.publish("second");
  EXPECT_EQ(snapshot.read(), "second");
  EXPECT_EQ(*snapshot.share(), "second");
}

TEST(LiveSnapshot, AThreadSeesWhatWasPublishedBeforeItsRead) {
  LiveSnapshot<int> snapshot(1);
  EXPECT_EQ(snapshot.read(), 1);  // this thread caches the first copy
  std::thread([&] { snapshot.publish(2); }).join();
  EXPECT_EQ(snapshot.read(), 2);
}

TEST(LiveSnapshot, TwoSnapshotsOnOneThreadKeepTheirOwnValues) {
  LiveSnapshot<int> a(1);
  LiveSnapshot<int> b(2);
  EXPECT_EQ(a.read(), 1);
  EXPECT_EQ(b.read(), 2);
  a.publish(3);
  EXPECT_EQ(b.read(), 2);
  EXPECT_EQ(a.read(), 3);
}

TEST(LiveSnapshot, AReplacedCopyIsFreedOnceNoThreadReadsIt) {
  const Counter alive = std::make_shared<std::atomic<int>>(0);
  LiveSnapshot<Counted> snapshot(Counted(1, alive));
  EXPECT_EQ(alive->load(), 1);
  EXPECT_EQ(snapshot.read().value, 1);  // this thread now holds the first copy too
  snapshot.publish(Counted(2, alive));
  EXPECT_EQ(alive->load(), 2);  // the first copy lives on in this thread's cache
  EXPECT_EQ(snapshot.read().value, 2);
  EXPECT_EQ(alive->load(), 1);  // moved on: the first copy is gone
}

TEST(LiveSnapshot, ACopyOfADestroyedSnapshotIsFreedWhenTheThreadReadsAnother) {
  const Counter alive = std::make_shared<std::atomic<int>>(0);
  {
    LiveSnapshot<Counted> gone(Counted(1, alive));
    EXPECT_EQ(gone.read().value, 1);
  }
  EXPECT_EQ(alive->load(), 1);  // still in this thread's cache
  LiveSnapshot<int> other(0);
  EXPECT_EQ(other.read(), 0);  // a new entry drops the entries of snapshots that are gone
  EXPECT_EQ(alive->load(), 0);
}

// Readers on several threads while a writer publishes: every read is a whole published value
// (both halves equal), and a thread never goes back to an older one.
TEST(LiveSnapshot, ReadersRaceAPublisherSafely) {
  struct Pair {
    int first;
    int second;
  };
  LiveSnapshot<Pair> snapshot(Pair{0, 0});
  constexpr int kPublishes = 2000;
  std::atomic<bool> done{false};
  std::atomic<int> torn{0}, backwards{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 3; ++i) {
    readers.emplace_back([&] {
      int last = 0;
      while (!done.load()) {
        const Pair& seen = snapshot.read();
        if (seen.first != seen.second) ++torn;
        if (seen.first < last) ++backwards;
        last = seen.first;
      }
    });
  }
  for (int i = 1; i <= kPublishes; ++i) snapshot.publish(Pair{i, i});
  done = true;
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(torn.load(), 0);
  EXPECT_EQ(backwards.load(), 0);
  EXPECT_EQ(snapshot.read().first, kPublishes);
}

}  // namespace
}  // namespace gt3
