// RedisWorker: one thread owning one RedisConnection, the plumbing every Redis client here shares
// (the status store's command and subscriber threads, the ledger's worker).
//
// The thread connects (RedisConnection::open, AUTH, SELECT within `timeout`), lets the owner set
// the connection up (on_connect), then calls serve() over and over until it reports the
// connection failed; then it drops the connection, tells the owner (on_disconnect) and tries
// again after a capped exponential backoff with jitter (ReconnectBackoff, up to max_backoff),
// reset by every connection that on_connect accepted. A failed attempt is told the same way.
//
// Threads: every hook runs on the worker thread, never under mutex(). The owner keeps what its
// callers share with the worker (queues, pending writes) under mutex(), so that serve() can wait
// for work and for stop() on one condition: wait()/wait_until() inside serve(), notify() after
// a change. stop() may come from any thread except the worker's own (it joins it; do not call it
// from a hook, or from anything a hook calls synchronously).
//
// Stopping: stop() asks the thread to end, wakes it from any wait, and with interrupt_on_stop
// also shuts the socket down so that a blocked read (a subscription that waits forever, a round
// trip to a Redis that hangs) fails at once; without it, a serve() in progress ends within the
// timeout, which lets on_stop still use the connection (e.g. to release a lease). Then
// on_stop(connection or nullptr) runs once on the thread, the connection is closed and stop()
// joins. stop() is idempotent; start() after stop() does nothing. The destructor stop()s.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "redis/redis_connection.h"
#include "redis/redis_url.h"

namespace gt3::redis {

class RedisWorker {
 public:
  using Clock = std::chrono::steady_clock;

  struct Options {
    RedisUrl url;
    std::chrono::milliseconds timeout{500};  // to connect, and for each reply
    std::chrono::milliseconds max_backoff{5000};
    bool interrupt_on_stop = true;  // false: let a serve() in progress finish (see above)
  };

  struct Hooks {
    // A new connection, before any serve(): e.g. SUBSCRIBE. False: unusable, counted as a failed
    // attempt (on_disconnect(false) follows). Empty: accept every connection.
    std::function<bool(RedisConnection&)> on_connect;
    // One round of work: wait for something to do (wait()/wait_until()), do it. False: the
    // connection failed and is dropped. Return true when a wait ends because of stop().
    std::function<bool(RedisConnection&)> serve;
    // After a failed attempt (false) or the loss of a connection that served (true).
    std::function<void(bool was_connected)> on_disconnect;
    // Once, when stopping, with the connection when there is one.
    std::function<void(RedisConnection*)> on_stop;
  };

  explicit RedisWorker(Options options);
  ~RedisWorker();
  RedisWorker(const RedisWorker&) = delete;
  RedisWorker& operator=(const RedisWorker&) = delete;

  // Starts the thread; does nothing once started or stopped. `hooks.serve` is required.
  void start(Hooks hooks);
  // Asks the thread to end without waiting for it (stop() several workers at once).
  void request_stop();
  // request_stop(), then joins.
  void stop();

  // Guards the owner's shared state along with the worker's own.
  std::mutex& mutex() { return mutex_; }
  // Wakes the thread from wait()/wait_until(); call after changing state under mutex().
  void notify() { wake_.notify_all(); }

  // With mutex() held: started, and no stop asked (a call made now will be served or failed).
  bool running_locked() const { return started_ && !stop_requested_; }

  // Inside serve(), with `lock` on mutex(): waits until `ready()` holds, stop() is asked or (for
  // wait_until) `deadline` comes. False when stopping.
  template <class Ready>
  bool wait(std::unique_lock<std::mutex>& lock, Ready ready) {
    wake_.wait(lock, [&] { return stop_requested_ || ready(); });
    return !stop_requested_;
  }
  template <class Ready>
  bool wait_until(std::unique_lock<std::mutex>& lock, Clock::time_point deadline, Ready ready) {
    wake_.wait_until(lock, deadline, [&] { return stop_requested_ || ready(); });
    return !stop_requested_;
  }

 private:
  void run();
  bool stop_asked();
  bool publish_fd(int fd);  // false: stop() was asked meanwhile
  void forget_fd();

  const Options options_;
  Hooks hooks_;  // set before the thread starts, then only read by it

  std::mutex mutex_;
  std::condition_variable wake_;
  bool started_ = false;
  bool stop_requested_ = false;
  int fd_ = -1;  // of the live connection, for shutdown(2) by stop(); -1 before it is closed

  std::optional<RedisConnection> connection_;  // the thread's (a member: GCC 12 misreads a local)

  std::mutex join_mutex_;  // two stop()s at once: one joins, the other waits for it
  std::thread thread_;
};

}  // namespace gt3::redis
