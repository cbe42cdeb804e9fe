#include "service/fd_limit.h"

#include <sys/resource.h>

#include <algorithm>

namespace gt3::service {
namespace {

std::size_t fitting(std::uint64_t limit) {
  return static_cast<std::size_t>(
      std::max<std::uint64_t>(1, limit > kReservedDescriptors ? limit - kReservedDescriptors : 1));
}

}  // namespace

FdBudget plan_fd_budget(std::size_t max_connections, std::uint64_t soft, std::uint64_t hard) {
  const std::uint64_t needed = max_connections + kReservedDescriptors;
  if (needed <= soft) return {soft, false, max_connections};
  if (needed <= hard || hard > soft) {
    return {hard, true, std::min<std::size_t>(max_connections, fitting(hard))};
  }
  return {soft, false, fitting(soft)};
}

FdLimitChange fit_fd_budget(std::size_t max_connections) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return {0, 0, 0, max_connections};
  const auto as_u64 = [](rlim_t v) {
    return v == RLIM_INFINITY ? UINT64_MAX : static_cast<std::uint64_t>(v);
  };
  FdLimitChange change{as_u64(limit.rlim_cur), as_u64(limit.rlim_cur), as_u64(limit.rlim_max),
                       max_connections};
  FdBudget budget = plan_fd_budget(max_connections, change.soft_before, change.hard);
  if (budget.raise_soft) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) != 0) {
      budget = plan_fd_budget(max_connections, change.soft_before, change.soft_before);
    } else {
      change.soft_after = change.hard;
    }
  }
  change.max_connections = budget.max_connections;
  return change;
}

}  // namespace gt3::service
