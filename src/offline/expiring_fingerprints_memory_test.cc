// What a doubling of ExpiringFingerprints costs in resident memory, read from the kernel
// (/proc/self/statm) while a table of 2^21 slots (24 MiB) doubles to 2^22 (48 MiB). Sizes, not
// times: the figures do not depend on the machine's speed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <fstream>

#include "offline/expiring_fingerprints.h"
#include "testing/manual_clock.h"

namespace gt3::offline {
namespace {

using std::chrono::hours;
using Added = ExpiringFingerprints::Added;

constexpr std::size_t kMiB = std::size_t{1} << 20;
constexpr std::size_t kOldSlots = std::size_t{1} << 21;
constexpr std::size_t kSlotBytes = 12;

std::size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t size = 0;
  std::size_t resident = 0;
  statm >> size >> resident;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

// splitmix64: spread fingerprints without allocating.
std::uint64_t next_fingerprint(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Before: the new table was written at random by the adds during the migration, so all of it
// was resident within a few percent of it while all of the old one still was (1.5 times the new
// table, 24 MiB above the old one alone here, held the whole migration).
TEST(ExpiringFingerprintsMemory, ADoublingHoldsLittleMoreThanTheNewTable) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  // The sanitizers' shadow of every page written is resident too, and not given back with it.
  GTEST_SKIP() << "resident memory under a sanitizer is not the table's own";
#endif
  ManualClock clock;
  ExpiringFingerprints set(4'000'000, clock.now());
  std::uint64_t state = 1;
  const auto add = [&] {
    ASSERT_EQ(set.add(next_fingerprint(state), hours(1), clock.now(), false), Added::kAdded);
  };
  // Up to the last add before the table of kOldSlots passes 3/4, its own migration long done.
  while (set.size() < kOldSlots / 4 * 3) add();
  ASSERT_EQ(set.capacity(), kOldSlots);
  ASSERT_FALSE(set.migrating());
  const std::size_t before = resident_bytes();

  add();
  ASSERT_EQ(set.capacity(), 2 * kOldSlots);
  ASSERT_TRUE(set.migrating());
  std::size_t peak = before;
  std::size_t adds = 0;
  while (set.migrating()) {
    add();
    if (++adds % 1024 == 0) peak = std::max(peak, resident_bytes());
  }
  // The old table is given back as it is passed, and the new one written as it is reached.
  const std::size_t growth = kOldSlots * kSlotBytes;  // new (48 MiB) minus old (24 MiB)
  EXPECT_LE(peak, before + growth + 4 * kMiB)
      << "peak " << (peak - before) / kMiB << " MiB above the old table, over " << adds
      << " adds";
  for (int i = 0; i < 1024; ++i) add();  // what is left of the old table goes too
  EXPECT_LE(resident_bytes(), before + growth + 2 * kMiB);
}

}  // namespace
}  // namespace gt3::offline
