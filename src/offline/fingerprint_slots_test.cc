// FingerprintSlots::release_below gives back whole pages only, and a page straddling one mark
// goes with the call that passes its end: slots below the marks read empty, the others keep
// their contents.
#include "offline/fingerprint_slots.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>

namespace gt3::offline {
namespace {

TEST(FingerprintSlots, ReleaseBelowGivesBackWholePagesAndTheStraddlingOneLater) {
  const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  const std::size_t per_fingerprint_page = page / sizeof(std::uint64_t);
  const std::size_t per_expiry_page = page / sizeof(std::uint32_t);
  const std::size_t capacity = 4 * per_expiry_page;
  FingerprintSlots slots(capacity);
  std::size_t touched = 0;
  for (std::size_t slot = 1; slot < capacity; ++slot) {
    slots.place(slot, 7, touched);  // home slot = the fingerprint's low bits
  }

  // Inside the second fingerprint page and the first expiry page.
  const std::size_t first_mark = per_fingerprint_page + per_fingerprint_page / 2;
  slots.release_below(first_mark);
  EXPECT_EQ(slots.released_below(), first_mark);
  EXPECT_EQ(slots.fingerprint(per_fingerprint_page - 1), 0u) << "a whole page below the mark";
  EXPECT_EQ(slots.fingerprint(per_fingerprint_page), per_fingerprint_page) << "straddles it";
  EXPECT_EQ(slots.expiry(1), 7u) << "its expiry page straddles the mark too";

  // Past the end of both straddling pages.
  const std::size_t second_mark = per_expiry_page + 1;
  slots.release_below(second_mark);
  EXPECT_EQ(slots.fingerprint(first_mark), 0u);
  EXPECT_EQ(slots.fingerprint(per_expiry_page - 1), 0u);
  EXPECT_EQ(slots.expiry(per_expiry_page - 1), 0u);
  EXPECT_EQ(slots.fingerprint(per_expiry_page), per_expiry_page);
  EXPECT_EQ(slots.expiry(per_expiry_page), 7u);

  slots.release_below(1);  // below an earlier mark: nothing
  EXPECT_EQ(slots.released_below(), second_mark);
  slots.release_below(capacity + 5);
  EXPECT_EQ(slots.released_below(), capacity);
  EXPECT_EQ(slots.fingerprint(capacity - 1), 0u);
}

}  // namespace
}  // namespace gt3::offline
