// IoThreads: the I/O threads of a process, and the io_contexts they run. Two layouts:
// - kShared (the default): one io_context run by N threads, shared by the servers and clients of
//   a process; handlers that must not run concurrently need strands.
// - kContextPerThread: N io_contexts, each run by one thread of its own. context() is the first;
//   contexts() lists all, for an HttpServer to spread its connections over (http/server.h), so
//   that a connection stays on one thread and needs neither strand nor cross-thread wake-up.
//   Everything else given context() (clients, timers, the engine) shares the first thread.
// stop() (or the destructor) stops every context and joins the threads; it is idempotent and
// thread-safe. Called from one of its own threads (a handler) it stops the contexts without
// joining; the destructor, which must run outside those threads, joins them.
#pragma once

#include <vector>

namespace boost::asio {
class io_context;
}

namespace gt3::http {

class IoThreads {
 public:
  enum class Layout { kShared, kContextPerThread };

  // threads 0: std::thread::hardware_concurrency().
  explicit IoThreads(unsigned threads = 0, Layout layout = Layout::kShared);
  ~IoThreads();
  IoThreads(const IoThreads&) = delete;
  IoThreads& operator=(const IoThreads&) = delete;

  boost::asio::io_context& context();
  // Every context: one (shared by all threads) in kShared, one per thread in kContextPerThread.
  std::vector<boost::asio::io_context*> contexts();
  unsigned size() const;  // threads
  void stop();

 private:
  struct Impl;
  Impl* impl_;  // (implementation's choice: unique_ptr to an incomplete type is fine too)
};

// Whether `io` was made with concurrency hint 1 (or one of Asio's unsafe hints): Asio's documented
// meaning is that one thread runs it, so that work on it needs no strand. IoThreads makes its
// contexts so in kContextPerThread.
bool runs_on_one_thread(boost::asio::io_context& io);

}  // namespace gt3::http
