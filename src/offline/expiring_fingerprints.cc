#include "offline/expiring_fingerprints.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace gt3::offline {
namespace {

using std::chrono::milliseconds;

constexpr std::size_t kMinCapacity = 16;
constexpr std::size_t kStartCapacity = 1024;
constexpr milliseconds kMaxTtl{std::int64_t{1} << 31};
constexpr milliseconds kRebaseAfter{std::int64_t{1} << 30};
constexpr std::size_t kQuantileSample = 1024;
constexpr std::uint32_t kNoExpiry = std::numeric_limits<std::uint32_t>::max();
// Slots the cursor visits an add, outside cleaning passes.
constexpr std::size_t kSweepStep = 2;
// Old slots moved an add. A migration starts when the entries would pass 3/4 of the old
// capacity, 3/8 of the new; it is done after old / 16 = new / 32 adds, when at most 3/8 + 1/32
// of the new table is used, far from the 3/4 at which it would have to double again. Adds whose
// home lies ahead of the migration go to the old table (place()), which ends it at a load of at
// most 3/4 + 1/16.
constexpr std::size_t kMigrateStep = 16;
// Slots the cursor visits (and old slots moved) an add during a cleaning pass. Forgetting takes
// 1/16 of N entries spread over C < 8N/3 slots (capacity_for), so 1.5 or more in 64 slots: the
// pass frees slots faster than adds take them, and is done in C / 64 adds.
constexpr std::size_t kCleanStep = 64;
// Cleaning steps a full table spends looking for a dead entry before it forgets (when it may).
constexpr std::size_t kSearchSteps = 4;

// Old slots given back to the kernel at a time (96 KiB, a few microseconds), during a migration
// as it passes them and after it for what is left (see migrate()).
constexpr std::size_t kReleaseStep = 8192;

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
      table_(std::min(max_capacity_, kStartCapacity)),
      cycle_left_(table_.capacity()) {}

std::uint32_t ExpiringFingerprints::millis_since_base(Time now) const {
  if (now <= base_) return 0;
  const auto elapsed = std::chrono::floor<milliseconds>(now - base_).count();
  return static_cast<std::uint32_t>(
      std::min<std::int64_t>(elapsed, std::numeric_limits<std::uint32_t>::max()));
}

std::uint32_t ExpiringFingerprints::expiry_after(milliseconds ttl, Time now) const {
  const auto expiry =
      std::chrono::ceil<milliseconds>(now - base_ + std::clamp(ttl, milliseconds(1), kMaxTtl));
  return static_cast<std::uint32_t>(
      std::min<std::int64_t>(expiry.count(), std::numeric_limits<std::uint32_t>::max()));
}

// Expired, or forgotten by the cleaning pass under way.
bool ExpiringFingerprints::is_dead(std::uint32_t expiry, std::uint32_t now_ms) const {
  return expiry <= std::max(now_ms, drop_until_);
}

ExpiringFingerprints::Added ExpiringFingerprints::add(std::uint64_t fingerprint, milliseconds ttl,
                                                      Time now, bool make_room) {
  const std::size_t before = slots_touched_;
  const Added added = add_uncounted(fingerprint, ttl, now, make_room);
  slots_touched_by_last_call_ = slots_touched_ - before;
  return added;
}

void ExpiringFingerprints::make_room(Time now) {
  const std::size_t before = slots_touched_;
  make_room_uncounted(now);
  slots_touched_by_last_call_ = slots_touched_ - before;
}

ExpiringFingerprints::Added ExpiringFingerprints::add_uncounted(std::uint64_t fingerprint,
                                                                milliseconds ttl, Time now,
                                                                bool make_room) {
  if (fingerprint == 0) fingerprint = 1;  // 0 marks an empty slot
  if (now - base_ >= kRebaseAfter) rebase(now);
  const std::uint32_t now_ms = millis_since_base(now);
  clean(now_ms, cleaning_);

  if (const std::size_t slot = table_.find(fingerprint, slots_touched_); slot != kNotFound) {
    if (table_.expiry(slot) > now_ms) return Added::kPresent;
    const std::uint32_t expiry = expiry_after(ttl, now);  // expired: its slot is reused
    table_.set_expiry(slot, expiry);
    note_expiry(expiry);
    return Added::kAdded;
  }
  if (const std::size_t slot = find_unmigrated(fingerprint); slot != kNotFound) {
    if (old_.expiry(slot) > now_ms) return Added::kPresent;
    const std::uint32_t expiry = expiry_after(ttl, now);  // expired: its slot is reused
    old_.set_expiry(slot, expiry);
    note_expiry(expiry);
    return Added::kAdded;
  }
  if (size_ >= max_entries_) {
    if (!free_a_slot(now_ms, make_room)) return Added::kFull;
  } else if (over_load(size_ + 1, table_.capacity())) {
    if (soonest_ <= now_ms) clean(now_ms, /*fast=*/true);  // expired entries may spare a doubling
    if (over_load(size_ + 1, table_.capacity())) start_doubling();
  }
  place(fingerprint, expiry_after(ttl, now));
  return Added::kAdded;
}

bool ExpiringFingerprints::contains(std::uint64_t fingerprint, Time now) const {
  const auto expiry = expiry_of(fingerprint);
  return expiry && *expiry > millis_since_base(now);
}

std::optional<milliseconds> ExpiringFingerprints::remaining(std::uint64_t fingerprint,
                                                            Time now) const {
  const auto expiry = expiry_of(fingerprint);
  if (!expiry || *expiry <= millis_since_base(now)) return std::nullopt;
  // Above the whole milliseconds elapsed, so strictly in the future: at least 1 ms once rounded.
  return std::chrono::ceil<milliseconds>(base_ + milliseconds(*expiry) - now);
}

std::optional<std::uint32_t> ExpiringFingerprints::expiry_of(std::uint64_t fingerprint) const {
  if (fingerprint == 0) fingerprint = 1;
  if (const std::size_t slot = table_.find(fingerprint, slots_touched_); slot != kNotFound) {
    return table_.expiry(slot);
  }
  if (const std::size_t slot = find_unmigrated(fingerprint); slot != kNotFound) {
    return old_.expiry(slot);
  }
  return std::nullopt;
}

// Nothing is erased from the old table during a migration (a backward shift could carry an entry
// back across `migrated_`), so its probe runs stay whole; a copy below `migrated_` has been moved.
// Its pages below the last empty slot migrate() passed are given back: they read as empty, and no
// probe run of an unmoved entry crosses an empty slot.
std::size_t ExpiringFingerprints::find_unmigrated(std::uint64_t fingerprint) const {
  if (old_.empty()) return kNotFound;
  const std::size_t slot = old_.find(fingerprint, slots_touched_);
  return slot != kNotFound && slot >= migrated_ ? slot : kNotFound;
}

void ExpiringFingerprints::make_room_uncounted(Time now) {
  if (now - base_ >= kRebaseAfter) rebase(now);
  if (size_ >= max_entries_) free_a_slot(millis_since_base(now), /*forget=*/true);
}

// The table is full of entries not yet removed. Expired ones, or ones forgotten by a pass under
// way, may be among them: cleaning goes on until one is removed, or a pass has come round and
// shown that none is expired. Only then are unexpired entries forgotten, if `forget`. A caller
// that allows forgetting searches only kSearchSteps: past that, the dead entries left are too
// sparse to be worth the walk (expired ones just past the soonest expiry, or the last forgotten
// ones of a pass that has freed the rest), and forgetting anew takes them too.
bool ExpiringFingerprints::free_a_slot(std::uint32_t now_ms, bool forget) {
  std::size_t search_steps = 0;
  while (size_ >= max_entries_) {
    if (!cleaning_) {
      if (soonest_ > now_ms) break;
      start_pass(/*drop_until=*/0);
    }
    if (forget && search_steps++ == kSearchSteps) break;
    clean(now_ms, /*fast=*/true);
  }
  if (size_ < max_entries_) return true;
  if (!forget || !forget_soonest(now_ms)) return false;
  while (size_ >= max_entries_ && cleaning_) clean(now_ms, /*fast=*/true);
  return size_ < max_entries_;
}

// Starts a pass forgetting the entries expiring at or before the 1/16 quantile, all of them
// unexpired, and remembers that expiry (as a time point: the base moves at the rebase).
bool ExpiringFingerprints::forget_soonest(std::uint32_t now_ms) {
  const auto until = soonest_expiries_quantile(now_ms);
  if (!until) return false;  // nothing alive in the sample
  const Time forgotten = base_ + milliseconds(*until);
  forgotten_until_ = forgotten_until_ ? std::max(*forgotten_until_, forgotten) : forgotten;
  start_pass(*until);
  return true;
}

// The expiry below which about 1/16 of the live entries lie, estimated from an even sample of
// both tables.
std::optional<std::uint32_t> ExpiringFingerprints::soonest_expiries_quantile(
    std::uint32_t now_ms) const {
  std::vector<std::uint32_t> sample;
  const auto take = [&](const FingerprintSlots& slots, std::size_t from, std::size_t stride) {
    for (std::size_t slot = from; slot < slots.capacity(); slot += stride) {
      ++slots_touched_;
      if (slots.fingerprint(slot) != 0 && !is_dead(slots.expiry(slot), now_ms)) {
        sample.push_back(slots.expiry(slot));
      }
    }
  };
  const std::size_t stride =
      std::max<std::size_t>(1, (table_.capacity() + old_.capacity()) / kQuantileSample);
  take(table_, 0, stride);
  if (!old_.empty()) take(old_, migrated_, stride);
  if (sample.empty()) return std::nullopt;
  const auto nth = sample.begin() + static_cast<std::ptrdiff_t>(sample.size() / 16);
  std::nth_element(sample.begin(), nth, sample.end());
  return *nth;
}

// During a migration, an entry whose home in the old table lies ahead of it goes there, to be
// moved with its neighbours: the new table is then written in two fronts that advance with the
// migration (an old home h is h or h + old capacity in the new table) and the old one is given
// back behind it, so the two together never hold much more than the new table alone. Placed in
// the new table at once, the adds would fault in all of its pages within the first few percent
// of the migration, while all of the old table is still held.
void ExpiringFingerprints::place(std::uint64_t fingerprint, std::uint32_t expiry) {
  const bool ahead = !old_.empty() && (fingerprint & old_.mask()) >= migrated_;
  if (!ahead || !old_.place_unwrapped(fingerprint, expiry, slots_touched_)) {
    table_.place(fingerprint, expiry, slots_touched_);
  }
  note_expiry(expiry);
  ++size_;
}

void ExpiringFingerprints::note_expiry(std::uint32_t expiry) {
  soonest_ = std::min(soonest_, expiry);
  cycle_soonest_ = std::min(cycle_soonest_, expiry);
}

void ExpiringFingerprints::start_doubling() {
  if (!old_.empty()) migrate(0, old_.capacity());  // never reached: see kMigrateStep
  old_ = std::move(table_);
  table_ = FingerprintSlots(old_.capacity() * 2);
  migrated_ = 0;
  passed_empty_ = 0;
  cursor_ = 0;
  cycle_left_ = table_.capacity();
  cycle_soonest_ = kNoExpiry;
  cleaning_ = false;  // only a full table forgets, and a full table does not double
  drop_until_ = 0;
}

// A fresh cycle of the cursor from where it stands, kCleanStep slots an add until it comes round.
void ExpiringFingerprints::start_pass(std::uint32_t drop_until) {
  cleaning_ = true;
  drop_until_ = drop_until;
  cycle_left_ = table_.capacity();
  cycle_soonest_ = kNoExpiry;
}

void ExpiringFingerprints::clean(std::uint32_t now_ms, bool fast) {
  if (!retired_.empty()) {
    retired_.release_below(retired_.released_below() + kReleaseStep);
    if (retired_.released_below() == retired_.capacity()) retired_ = FingerprintSlots();
  }
  if (!old_.empty()) migrate(now_ms, fast ? kCleanStep : kMigrateStep);
  sweep(now_ms, fast ? kCleanStep : kSweepStep);
}

void ExpiringFingerprints::migrate(std::uint32_t now_ms, std::size_t slots) {
  for (const std::size_t end = std::min(old_.capacity(), migrated_ + slots); migrated_ < end;
       ++migrated_) {
    ++slots_touched_;
    const std::uint64_t fingerprint = old_.fingerprint(migrated_);
    const std::uint32_t expiry = old_.expiry(migrated_);
    if (fingerprint == 0) {
      passed_empty_ = migrated_;
      continue;
    }
    if (is_dead(expiry, now_ms)) {
      --size_;
      continue;
    }
    table_.place(fingerprint, expiry, slots_touched_);
    note_expiry(expiry);
  }
  if (migrated_ == old_.capacity()) {
    retired_ = std::move(old_);
    old_ = FingerprintSlots();
    migrated_ = 0;
  } else if (passed_empty_ >= old_.released_below() + kReleaseStep) {
    old_.release_below(passed_empty_);
  }
}

void ExpiringFingerprints::sweep(std::uint32_t now_ms, std::size_t slots) {
  for (std::size_t i = 0; i < slots; ++i) {
    ++slots_touched_;
    if (table_.fingerprint(cursor_) != 0) {
      const std::uint32_t expiry = table_.expiry(cursor_);
      if (is_dead(expiry, now_ms)) {
        table_.erase_at(cursor_, slots_touched_);
        --size_;
        continue;  // an entry may have moved into the cursor's slot: look at it next
      }
      cycle_soonest_ = std::min(cycle_soonest_, expiry);
    }
    cursor_ = (cursor_ + 1) & table_.mask();
    if (--cycle_left_ == 0) end_cycle();
  }
}

// The cursor has come round: every entry of table_ was seen alive or placed since, so the
// soonest expiry among them is known. Not while old entries remain unseen: the cycle goes on.
void ExpiringFingerprints::end_cycle() {
  cycle_left_ = table_.capacity();
  if (!old_.empty()) return;
  soonest_ = cycle_soonest_;
  cycle_soonest_ = kNoExpiry;
  cleaning_ = false;
  drop_until_ = 0;
}

// Rebuilds the table based at `now`, without the dead entries: expiries are relative to the
// base, which must not fall 2^31 ms behind. A migration is completed first, so that no more than
// two tables are held.
void ExpiringFingerprints::rebase(Time now) {
  const std::uint32_t shift = millis_since_base(now);
  if (!old_.empty()) migrate(shift, old_.capacity());
  FingerprintSlots rebuilt(table_.capacity());
  std::swap(rebuilt, table_);
  const std::uint32_t drop_until = std::max(shift, drop_until_);
  base_ += milliseconds(shift);
  size_ = 0;
  cursor_ = 0;
  cycle_left_ = table_.capacity();
  cleaning_ = false;
  drop_until_ = 0;
  soonest_ = cycle_soonest_ = kNoExpiry;
  for (std::size_t slot = 0; slot < rebuilt.capacity(); ++slot) {
    ++slots_touched_;
    const std::uint32_t expiry = rebuilt.expiry(slot);
    if (rebuilt.fingerprint(slot) == 0 || expiry <= drop_until) continue;
    place(rebuilt.fingerprint(slot), expiry - shift);
  }
}

}  // namespace gt3::offline
