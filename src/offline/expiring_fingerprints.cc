#include "offline/expiring_fingerprints.h"

#include <algorithm>
#include <limits>

namespace gt3::offline {
namespace {

using std::chrono::milliseconds;

constexpr std::size_t kMinCapacity = 16;
constexpr std::size_t kStartCapacity = 1024;
constexpr milliseconds kMaxTtl{std::int64_t{1} << 31};
constexpr milliseconds kRebaseAfter{std::int64_t{1} << 30};
constexpr std::size_t kQuantileSample = 1024;

bool over_load(std::size_t entries, std::size_t capacity) { return entries * 4 > capacity * 3; }

std::size_t capacity_for(std::size_t entries) {
  std::size_t capacity = kMinCapacity;
  while (over_load(entries, capacity)) capacity *= 2;
  return capacity;
}

}  // namespace

ExpiringFingerprints::ExpiringFingerprints(std::size_t max_entries, Time start)
    : max_entries_(max_entries),
      max_capacity_(capacity_for(max_entries)),
      base_(start),
      fingerprints_(std::min(max_capacity_, kStartCapacity), 0),
      expiries_(fingerprints_.size(), 0) {}

std::uint32_t ExpiringFingerprints::millis_since_base(Time now) const {
  if (now <= base_) return 0;
  const auto elapsed = std::chrono::floor<milliseconds>(now - base_).count();
  return static_cast<std::uint32_t>(
      std::min<std::int64_t>(elapsed, std::numeric_limits<std::uint32_t>::max()));
}

ExpiringFingerprints::Added ExpiringFingerprints::add(std::uint64_t fingerprint, milliseconds ttl,
                                                      Time now, bool make_room) {
  if (fingerprint == 0) fingerprint = 1;  // 0 marks an empty slot
  if (now - base_ >= kRebaseAfter) rebuild(capacity(), now, millis_since_base(now));
  std::uint32_t now_ms = millis_since_base(now);
  sweep_step(now_ms, 2);

  if (const std::size_t slot = find(fingerprint); slot != kNotFound) {
    if (expiries_[slot] > now_ms) return Added::kPresent;
    erase_at(slot);
  }
  if (size_ >= max_entries_ && soonest_ <= now_ms) rebuild(capacity(), now, now_ms);
  if (size_ >= max_entries_) {
    if (!make_room) return Added::kFull;
    forget_soonest(now);
    if (size_ >= max_entries_) return Added::kFull;  // the sample found nothing to forget
  } else if (over_load(size_ + 1, capacity())) {
    if (soonest_ <= now_ms) rebuild(capacity(), now, now_ms);
    if (over_load(size_ + 1, capacity())) rebuild(capacity() * 2, now, now_ms);
  }
  now_ms = millis_since_base(now);

  const auto expiry =
      std::chrono::ceil<milliseconds>(now - base_ + std::clamp(ttl, milliseconds(1), kMaxTtl));
  const auto relative = static_cast<std::uint32_t>(
      std::min<std::int64_t>(expiry.count(), std::numeric_limits<std::uint32_t>::max()));
  place(fingerprint, relative);
  return Added::kAdded;
}

bool ExpiringFingerprints::contains(std::uint64_t fingerprint, Time now) const {
  if (fingerprint == 0) fingerprint = 1;
  const std::size_t slot = find(fingerprint);
  return slot != kNotFound && expiries_[slot] > millis_since_base(now);
}

std::optional<milliseconds> ExpiringFingerprints::remaining(std::uint64_t fingerprint,
                                                            Time now) const {
  if (fingerprint == 0) fingerprint = 1;
  const std::size_t slot = find(fingerprint);
  if (slot == kNotFound || expiries_[slot] <= millis_since_base(now)) return std::nullopt;
  // Above the whole milliseconds elapsed, so strictly in the future: at least 1 ms once rounded.
  return std::chrono::ceil<milliseconds>(base_ + milliseconds(expiries_[slot]) - now);
}

void ExpiringFingerprints::make_room(Time now) {
  if (now - base_ >= kRebaseAfter) rebuild(capacity(), now, millis_since_base(now));
  const std::uint32_t now_ms = millis_since_base(now);
  if (size_ >= max_entries_ && soonest_ <= now_ms) rebuild(capacity(), now, now_ms);
  if (size_ >= max_entries_) forget_soonest(now);
}

// Drops the entries expiring at or before the 1/16 quantile, all of them unexpired, and remembers
// that expiry (relative times are rebased by the rebuild, so it is kept as a time point).
void ExpiringFingerprints::forget_soonest(Time now) {
  const std::uint32_t until = soonest_expiries_quantile();
  const Time forgotten = base_ + milliseconds(until);
  forgotten_until_ = forgotten_until_ ? std::max(*forgotten_until_, forgotten) : forgotten;
  rebuild(capacity(), now, until);
}

std::size_t ExpiringFingerprints::find(std::uint64_t fingerprint) const {
  const std::size_t mask = capacity() - 1;
  for (std::size_t slot = fingerprint & mask; fingerprints_[slot] != 0; slot = (slot + 1) & mask) {
    if (fingerprints_[slot] == fingerprint) return slot;
  }
  return kNotFound;  // the load stays under 3/4, so an empty slot always ends the probe
}

void ExpiringFingerprints::place(std::uint64_t fingerprint, std::uint32_t expiry) {
  const std::size_t mask = capacity() - 1;
  std::size_t slot = fingerprint & mask;
  while (fingerprints_[slot] != 0) slot = (slot + 1) & mask;
  fingerprints_[slot] = fingerprint;
  expiries_[slot] = expiry;
  soonest_ = std::min(soonest_, expiry);
  ++size_;
}

// Backward-shift deletion: later entries of the same probe run move up into the hole unless their
// home slot lies cyclically after it, so no tombstones are needed.
void ExpiringFingerprints::erase_at(std::size_t slot) {
  const std::size_t mask = capacity() - 1;
  std::size_t hole = slot;
  for (std::size_t next = (hole + 1) & mask; fingerprints_[next] != 0; next = (next + 1) & mask) {
    const std::size_t home = fingerprints_[next] & mask;
    const bool stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next);
    if (stays) continue;
    fingerprints_[hole] = fingerprints_[next];
    expiries_[hole] = expiries_[next];
    hole = next;
  }
  fingerprints_[hole] = 0;
  --size_;
}

void ExpiringFingerprints::sweep_step(std::uint32_t now_ms, int slots) {
  const std::size_t mask = capacity() - 1;
  for (int i = 0; i < slots; ++i) {
    if (fingerprints_[cursor_] != 0 && expiries_[cursor_] <= now_ms) {
      erase_at(cursor_);  // an entry may have moved into the cursor's slot: look at it next time
    } else {
      cursor_ = (cursor_ + 1) & mask;
    }
  }
}

void ExpiringFingerprints::rebuild(std::size_t capacity, Time now, std::uint32_t drop_until) {
  const std::uint32_t shift = millis_since_base(now);
  drop_until = std::max(drop_until, shift);
  std::vector<std::uint64_t> old_fingerprints(capacity, 0);
  std::vector<std::uint32_t> old_expiries(capacity, 0);
  old_fingerprints.swap(fingerprints_);
  old_expiries.swap(expiries_);
  base_ += milliseconds(shift);
  size_ = 0;
  cursor_ = 0;
  soonest_ = std::numeric_limits<std::uint32_t>::max();
  for (std::size_t slot = 0; slot < old_fingerprints.size(); ++slot) {
    if (old_fingerprints[slot] == 0 || old_expiries[slot] <= drop_until) continue;
    place(old_fingerprints[slot], old_expiries[slot] - shift);
  }
}

// The expiry below which about 1/16 of the entries lie, estimated from an even sample.
std::uint32_t ExpiringFingerprints::soonest_expiries_quantile() const {
  std::vector<std::uint32_t> sample;
  const std::size_t stride = std::max<std::size_t>(1, capacity() / kQuantileSample);
  for (std::size_t slot = 0; slot < capacity(); slot += stride) {
    if (fingerprints_[slot] != 0) sample.push_back(expiries_[slot]);
  }
  if (sample.empty()) return soonest_;
  const auto nth = sample.begin() + static_cast<std::ptrdiff_t>(sample.size() / 16);
  std::nth_element(sample.begin(), nth, sample.end());
  return *nth;
}

}  // namespace gt3::offline
