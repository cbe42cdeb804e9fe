// FingerprintSlots: the open-addressing array behind ExpiringFingerprints. A power-of-two number
// of slots, each a 64-bit fingerprint (0 marks an empty slot) and a uint32 expiry; a fingerprint
// lives in the first free slot from its home slot (its low bits), by linear probing. It knows
// nothing of time or of how many entries it holds: ExpiringFingerprints decides which entries
// are alive, counts them and keeps the load under 3/4, so that an empty slot ends every probe.
//
// Memory: the two arrays lie in one anonymous mapping of their own (mmap), so that their pages
// are the kernel's zero pages until first written. A table is never cleared in one go when it is
// made, and the pages a caller only reads (probes that end on empty slots) never become resident:
// the resident part of a large table is the part written so far. release_below() gives pages back
// to the kernel a range at a time (MADV_DONTNEED: they read as empty slots again), so a table
// being given up shrinks as its owner is done with its slots instead of all at once when it is
// destroyed (the kernel takes about 1 ms per 10 MB to free pages).
//
// Every method that probes adds the slots it reads or writes to the counter it is given, so that
// the owner can tell how much work one of its calls did. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>

namespace gt3::offline {

class FingerprintSlots {
 public:
  static constexpr std::size_t kNotFound = static_cast<std::size_t>(-1);

  FingerprintSlots() = default;  // no slots at all
  // Throws std::bad_alloc when the mapping cannot be made.
  explicit FingerprintSlots(std::size_t capacity);
  FingerprintSlots(FingerprintSlots&& other) noexcept;
  FingerprintSlots& operator=(FingerprintSlots&& other) noexcept;
  ~FingerprintSlots();

  std::size_t capacity() const { return capacity_; }
  bool empty() const { return capacity_ == 0; }
  std::size_t mask() const { return capacity_ - 1; }
  std::uint64_t fingerprint(std::size_t slot) const { return fingerprints_[slot]; }
  std::uint32_t expiry(std::size_t slot) const { return expiries_[slot]; }
  void set_expiry(std::size_t slot, std::uint32_t expiry) { expiries_[slot] = expiry; }

  // The slot holding `fingerprint` (not 0), or kNotFound.
  std::size_t find(std::uint64_t fingerprint, std::size_t& touched) const;
  // Puts `fingerprint` (not 0, not present) in the first empty slot of its probe run.
  void place(std::uint64_t fingerprint, std::uint32_t expiry, std::size_t& touched);
  // The same, only when that slot is not before the home slot (the run does not wrap round the
  // end of the array); false, and nothing written, otherwise.
  bool place_unwrapped(std::uint64_t fingerprint, std::uint32_t expiry, std::size_t& touched);
  // Empties `slot` by backward shift: later entries of its probe run move up into the hole unless
  // their home slot lies cyclically after it, so no tombstones are needed. Entries only move
  // towards `slot`, never past it: a cursor standing on `slot` still sees every entry after it.
  void erase_at(std::size_t slot, std::size_t& touched);

  // Gives up the slots below `slot` (for slots the owner is done with: a table given up, or the
  // part of it already moved elsewhere): the pages holding only such slots go back to the kernel
  // and read as empty afterwards. Whole pages only, so the last few slots below the mark may stay
  // resident until a later call passes their page's end; a call below an earlier one does nothing.
  void release_below(std::size_t slot);
  // The highest mark given to release_below() (at most the capacity).
  std::size_t released_below() const { return released_below_; }

 private:
  void unmap();

  std::size_t capacity_ = 0;
  void* mapping_ = nullptr;
  std::size_t mapping_bytes_ = 0;
  std::uint64_t* fingerprints_ = nullptr;  // the mapping's start
  std::uint32_t* expiries_ = nullptr;      // after the fingerprints, on a page boundary
  std::size_t released_below_ = 0;
};

}  // namespace gt3::offline
