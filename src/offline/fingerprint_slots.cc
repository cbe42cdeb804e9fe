#include "offline/fingerprint_slots.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <new>
#include <utility>

namespace gt3::offline {
namespace {

template <typename T>
T* zeroed_array(std::size_t count) {
  void* memory = std::calloc(count, sizeof(T));
  if (memory == nullptr) throw std::bad_alloc();
  return static_cast<T*>(memory);
}

std::uintptr_t page_size() {
  static const auto size = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  return size;
}

}  // namespace

FingerprintSlots::FingerprintSlots(std::size_t capacity)
    : capacity_(capacity),
      fingerprints_(zeroed_array<std::uint64_t>(capacity)),
      expiries_(zeroed_array<std::uint32_t>(capacity)) {}

std::size_t FingerprintSlots::find(std::uint64_t fingerprint, std::size_t& touched) const {
  for (std::size_t slot = fingerprint & mask();; slot = (slot + 1) & mask()) {
    ++touched;
    if (fingerprints_[slot] == fingerprint) return slot;
    if (fingerprints_[slot] == 0) return kNotFound;
  }
}

void FingerprintSlots::place(std::uint64_t fingerprint, std::uint32_t expiry,
                             std::size_t& touched) {
  std::size_t slot = fingerprint & mask();
  for (++touched; fingerprints_[slot] != 0; ++touched) slot = (slot + 1) & mask();
  fingerprints_[slot] = fingerprint;
  expiries_[slot] = expiry;
}

void FingerprintSlots::erase_at(std::size_t slot, std::size_t& touched) {
  std::size_t hole = slot;
  for (std::size_t next = (hole + 1) & mask(); fingerprints_[next] != 0;
       next = (next + 1) & mask()) {
    ++touched;
    const std::size_t home = fingerprints_[next] & mask();
    const bool stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next);
    if (stays) continue;
    fingerprints_[hole] = fingerprints_[next];
    expiries_[hole] = expiries_[next];
    hole = next;
  }
  ++touched;  // the empty slot that ended the run
  fingerprints_[hole] = 0;
}

bool FingerprintSlots::release_some(std::size_t bytes) {
  const std::uintptr_t page = page_size();
  std::size_t skip = released_;
  bool all = true;
  for (const auto& [memory, size] :
       {std::pair<const void*, std::size_t>{fingerprints_.get(), capacity_ * 8},
        {expiries_.get(), capacity_ * 4}}) {
    const auto start = reinterpret_cast<std::uintptr_t>(memory);
    const std::uintptr_t begin = (start + page - 1) / page * page;  // whole pages only
    const std::uintptr_t end = (start + size) / page * page;
    const std::size_t length = end > begin ? end - begin : 0;
    if (skip >= length) {
      skip -= length;
      continue;
    }
    const std::size_t chunk = std::min(bytes, length - skip);
    if (chunk > 0) madvise(reinterpret_cast<void*>(begin + skip), chunk, MADV_DONTNEED);
    released_ += chunk;
    bytes -= chunk;
    all = all && skip + chunk == length;
    skip = 0;
  }
  return all;
}

}  // namespace gt3::offline
