// StopSignals: how the commands that run until stopped (serve, monitor, demo) wait for SIGINT or
// SIGTERM. Construct it before any thread starts: it blocks both signals in the calling thread,
// and every thread started later inherits the mask, so wait() on the main thread is the only
// taker and no I/O thread is ever interrupted by them.
#pragma once

#include <csignal>

namespace gt3::service {

class StopSignals {
 public:
  StopSignals();

  // Blocks until SIGINT or SIGTERM; returns its number.
  int wait();

 private:
  sigset_t signals_;
};

}  // namespace gt3::service
