#include "offline/fingerprint_slots.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <new>
#include <utility>

namespace gt3::offline {
namespace {

std::size_t page_size() {
  static const auto size = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  return size;
}

std::size_t whole_pages(std::size_t bytes) { return bytes / page_size() * page_size(); }
std::size_t pages_for(std::size_t bytes) { return whole_pages(bytes + page_size() - 1); }

void give_back(void* start, std::size_t from, std::size_t to) {
  if (to > from) madvise(static_cast<char*>(start) + from, to - from, MADV_DONTNEED);
}

}  // namespace

FingerprintSlots::FingerprintSlots(std::size_t capacity) : capacity_(capacity) {
  const std::size_t fingerprint_bytes = pages_for(capacity * sizeof(std::uint64_t));
  mapping_bytes_ = fingerprint_bytes + pages_for(capacity * sizeof(std::uint32_t));
  mapping_ =
      mmap(nullptr, mapping_bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapping_ == MAP_FAILED) {
    mapping_ = nullptr;
    throw std::bad_alloc();
  }
  fingerprints_ = static_cast<std::uint64_t*>(mapping_);
  expiries_ = reinterpret_cast<std::uint32_t*>(static_cast<char*>(mapping_) + fingerprint_bytes);
}

FingerprintSlots::FingerprintSlots(FingerprintSlots&& other) noexcept
    : capacity_(std::exchange(other.capacity_, 0)),
      mapping_(std::exchange(other.mapping_, nullptr)),
      mapping_bytes_(std::exchange(other.mapping_bytes_, 0)),
      fingerprints_(std::exchange(other.fingerprints_, nullptr)),
      expiries_(std::exchange(other.expiries_, nullptr)),
      released_below_(std::exchange(other.released_below_, 0)) {}

FingerprintSlots& FingerprintSlots::operator=(FingerprintSlots&& other) noexcept {
  if (this != &other) {
    unmap();
    capacity_ = std::exchange(other.capacity_, 0);
    mapping_ = std::exchange(other.mapping_, nullptr);
    mapping_bytes_ = std::exchange(other.mapping_bytes_, 0);
    fingerprints_ = std::exchange(other.fingerprints_, nullptr);
    expiries_ = std::exchange(other.expiries_, nullptr);
    released_below_ = std::exchange(other.released_below_, 0);
  }
  return *this;
}

FingerprintSlots::~FingerprintSlots() { unmap(); }

void FingerprintSlots::unmap() {
  if (mapping_ != nullptr) munmap(mapping_, mapping_bytes_);
  mapping_ = nullptr;
}

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

bool FingerprintSlots::place_unwrapped(std::uint64_t fingerprint, std::uint32_t expiry,
                                       std::size_t& touched) {
  for (std::size_t slot = fingerprint & mask(); slot < capacity_; ++slot) {
    ++touched;
    if (fingerprints_[slot] != 0) continue;
    fingerprints_[slot] = fingerprint;
    expiries_[slot] = expiry;
    return true;
  }
  return false;
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

// Each array's whole pages below `slot`. The arrays start on page boundaries and each call
// starts at the page the last one stopped in, so successive ranges meet without overlapping and
// a page straddling the mark goes with the call that passes its end.
void FingerprintSlots::release_below(std::size_t slot) {
  slot = std::min(slot, capacity_);
  const std::size_t from = released_below_;
  if (slot <= from) return;
  give_back(fingerprints_, whole_pages(from * sizeof(std::uint64_t)),
            whole_pages(slot * sizeof(std::uint64_t)));
  give_back(expiries_, whole_pages(from * sizeof(std::uint32_t)),
            whole_pages(slot * sizeof(std::uint32_t)));
  released_below_ = slot;
}

}  // namespace gt3::offline
