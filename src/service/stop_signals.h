// StopSignals: how the commands that run until stopped (serve, monitor, demo) wait for SIGINT or
// SIGTERM, and how `serve` takes SIGHUP (reload its configuration). Construct it before any
// thread starts: it blocks the signals it takes in the calling thread, and every thread started
// later inherits the mask, so wait() on the main thread is the only taker and no I/O thread is
// ever interrupted by them. No signal handler runs at all: wait() takes each signal with
// sigwait() and does what it calls for on its own thread, where blocking is harmless.
#pragma once

#include <csignal>
#include <functional>

namespace gt3::service {

class StopSignals {
 public:
  enum class Hangup {
    kDefault,  // SIGHUP keeps its default action (it ends the process, as a closed terminal)
    kTake,     // SIGHUP is taken: each one calls wait()'s on_hangup
  };

  explicit StopSignals(Hangup hangup = Hangup::kDefault);

  // Blocks until SIGINT or SIGTERM; returns its number. With Hangup::kTake, each SIGHUP that
  // comes meanwhile calls `on_hangup` on this thread, then waiting goes on; a SIGINT or SIGTERM
  // that comes during it is taken once it returns.
  int wait(const std::function<void()>& on_hangup = {});

 private:
  sigset_t signals_;
};

}  // namespace gt3::service
