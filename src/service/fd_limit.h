// Descriptor budget of `serve`: every client connection holds a descriptor, so
// server.max_connections must fit under RLIMIT_NOFILE with room left for the rest of the process
// (cloud connections, Redis, files, listening sockets: kReservedDescriptors). At start-up serve
// raises the soft limit to the hard one when the connections do not fit under the soft one, and
// lowers max_connections when they do not fit under the hard one either, so that the cap, not
// EMFILE, is what a connection flood meets. plan_fd_budget() is the pure decision;
// fit_fd_budget() reads and sets the process's limit. Not thread-safe (start-up only).
#pragma once

#include <cstddef>
#include <cstdint>

namespace gt3::service {

inline constexpr std::uint64_t kReservedDescriptors = 256;

struct FdBudget {
  std::uint64_t soft_limit = 0;     // RLIMIT_NOFILE soft limit to run with
  bool raise_soft = false;          // soft_limit is above the limit found at start
  std::size_t max_connections = 0;  // what fits (the configured value when it does)
};

// `soft` and `hard` as getrlimit(RLIMIT_NOFILE) gives them (RLIM_INFINITY as UINT64_MAX).
FdBudget plan_fd_budget(std::size_t max_connections, std::uint64_t soft, std::uint64_t hard);

struct FdLimitChange {
  std::uint64_t soft_before = 0;
  std::uint64_t soft_after = 0;
  std::uint64_t hard = 0;
  std::size_t max_connections = 0;
};

// Applies plan_fd_budget() to this process: raises the soft limit if it must (a failure to raise
// leaves it and lowers max_connections instead).
FdLimitChange fit_fd_budget(std::size_t max_connections);

}  // namespace gt3::service
