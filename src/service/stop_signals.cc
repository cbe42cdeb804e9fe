#include "service/stop_signals.h"

#include <pthread.h>

namespace gt3::service {

StopSignals::StopSignals() {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
}

int StopSignals::wait() {
  int number = 0;
  while (sigwait(&signals_, &number) != 0) {
  }
  return number;
}

}  // namespace gt3::service
