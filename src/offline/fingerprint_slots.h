// FingerprintSlots: the open-addressing array behind ExpiringFingerprints. A power-of-two number
// of slots, each a 64-bit fingerprint (0 marks an empty slot) and a uint32 expiry; a fingerprint
// lives in the first free slot from its home slot (its low bits), by linear probing. It knows
// nothing of time or of how many entries it holds: ExpiringFingerprints decides which entries
// are alive, counts them and keeps the load under 3/4, so that an empty slot ends every probe.
//
// The arrays come from calloc: a large table is zero pages from the kernel, faulted in as they
// are first written, not cleared in one go when it is made (a doubling must not pay for the whole
// new table inside one add()). Likewise a table given up is given back a step at a time
// (release_some) before it is freed: the kernel takes about 1 ms per 10 MB to free pages.
//
// Every method that probes adds the slots it reads or writes to the counter it is given, so that
// the owner can tell how much work one of its calls did.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

namespace gt3::offline {

class FingerprintSlots {
 public:
  static constexpr std::size_t kNotFound = static_cast<std::size_t>(-1);

  FingerprintSlots() = default;  // no slots at all
  explicit FingerprintSlots(std::size_t capacity);

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
  // Empties `slot` by backward shift: later entries of its probe run move up into the hole unless
  // their home slot lies cyclically after it, so no tombstones are needed. Entries only move
  // towards `slot`, never past it: a cursor standing on `slot` still sees every entry after it.
  void erase_at(std::size_t slot, std::size_t& touched);

  // Gives up to `bytes` more of the arrays' pages back to the kernel (their contents are lost:
  // for a table given up); true once all of them are.
  bool release_some(std::size_t bytes);

 private:
  struct Free {
    void operator()(void* memory) const { std::free(memory); }
  };

  std::size_t capacity_ = 0;
  std::unique_ptr<std::uint64_t[], Free> fingerprints_;
  std::unique_ptr<std::uint32_t[], Free> expiries_;
  std::size_t released_ = 0;  // bytes of the arrays' whole pages, fingerprints' first
};

}  // namespace gt3::offline
