#include "redis/redis_worker.h"

#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <optional>
#include <utility>

#include "redis/reconnect_backoff.h"

namespace gt3::redis {

RedisWorker::RedisWorker(Options options) : options_(std::move(options)) {}

RedisWorker::~RedisWorker() { stop(); }

void RedisWorker::start(Hooks hooks) {
  std::lock_guard lock(mutex_);
  if (started_ || stop_requested_) return;
  started_ = true;
  hooks_ = std::move(hooks);
  thread_ = std::thread([this] { run(); });
}

void RedisWorker::request_stop() {
  {
    std::lock_guard lock(mutex_);
    stop_requested_ = true;
    if (options_.interrupt_on_stop && fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
  }
  wake_.notify_all();
}

void RedisWorker::stop() {
  request_stop();
  std::lock_guard lock(join_mutex_);
  if (thread_.joinable()) thread_.join();
}

void RedisWorker::run() {
  // hiredis writes with write(2): to a Redis that closed the connection, that raises SIGPIPE,
  // whose default action ends the process. Blocked on this thread, the signal stays pending
  // here and the write fails with EPIPE, which loses the connection like any other failure.
  sigset_t pipe;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
  ReconnectBackoff backoff(options_.max_backoff);
  std::optional<RedisConnection>& connection = connection_;
  Clock::time_point next_attempt = Clock::now();
  for (;;) {
    if (connection) {
      if (hooks_.serve(*connection)) {
        if (stop_asked()) break;
        continue;
      }
      forget_fd();
      connection.reset();
      if (hooks_.on_disconnect) hooks_.on_disconnect(true);
      next_attempt = Clock::now() + backoff.next();
      continue;  // the wait below notices a stop
    }
    {
      std::unique_lock lock(mutex_);
      wake_.wait_until(lock, next_attempt, [&] { return stop_requested_; });
      if (stop_requested_) break;
    }
    auto opened = RedisConnection::open(options_.url, options_.timeout);
    if (opened) {
      if (!publish_fd(opened->fd())) {
        connection.emplace(std::move(*opened));  // on_stop may still use it
        break;
      }
      if (!hooks_.on_connect || hooks_.on_connect(*opened)) {
        connection.emplace(std::move(*opened));
        backoff.reset();
        continue;
      }
      forget_fd();  // before `opened` closes its descriptor
    }
    if (hooks_.on_disconnect) hooks_.on_disconnect(false);
    next_attempt = Clock::now() + backoff.next();
  }
  if (hooks_.on_stop) hooks_.on_stop(connection ? &*connection : nullptr);
  forget_fd();
  connection.reset();
}

bool RedisWorker::stop_asked() {
  std::lock_guard lock(mutex_);
  return stop_requested_;
}

bool RedisWorker::publish_fd(int fd) {
  std::lock_guard lock(mutex_);
  if (stop_requested_) return false;
  fd_ = fd;
  return true;
}

// Under the lock before the connection closes, so that stop() never shuts down a descriptor the
// system has meanwhile given to someone else.
void RedisWorker::forget_fd() {
  std::lock_guard lock(mutex_);
  fd_ = -1;
}

}  // namespace gt3::redis
