#include "sdk/live_snapshot.h"

#include <algorithm>
#include <vector>

namespace gt3::live_snapshot_detail {

CachedCopy& cached_copy(std::uint64_t owner, const std::shared_ptr<const void>& owner_alive) {
  // A thread reads a handful of snapshots (the signer's keys, the service's live settings): a
  // linear scan of a short vector beats any map.
  thread_local std::vector<CachedCopy> copies;
  for (CachedCopy& copy : copies) {
    if (copy.owner == owner) return copy;
  }
  std::erase_if(copies, [](const CachedCopy& copy) { return copy.owner_alive.expired(); });
  copies.push_back(CachedCopy{owner, 0, nullptr, owner_alive});
  return copies.back();
}

std::uint64_t next_snapshot_id() {
  static std::atomic<std::uint64_t> last{0};
  return last.fetch_add(1, std::memory_order_relaxed) + 1;
}

}  // namespace gt3::live_snapshot_detail
