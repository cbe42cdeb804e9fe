#include "service/stop_signals.h"

#include <pthread.h>

namespace gt3::service {

StopSignals::StopSignals(Hangup hangup) {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGTERM);
  if (hangup == Hangup::kTake) sigaddset(&signals_, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
}

int StopSignals::wait(const std::function<void()>& on_hangup) {
  for (;;) {
    int number = 0;
    if (sigwait(&signals_, &number) != 0) continue;
    if (number != SIGHUP) return number;
    if (on_hangup) on_hangup();
  }
}

}  // namespace gt3::service
