// IoThreads: one io_context run by N threads, shared by the servers and clients of a process.
// stop() (or the destructor) stops the context and joins the threads; it is idempotent and
// thread-safe. Called from one of its own threads (a handler) it stops the context without
// joining; the destructor, which must run outside those threads, joins them.
#pragma once

namespace boost::asio {
class io_context;
}

namespace gt3::http {

class IoThreads {
 public:
  explicit IoThreads(unsigned threads = 0);  // 0: std::thread::hardware_concurrency()
  ~IoThreads();
  IoThreads(const IoThreads&) = delete;
  IoThreads& operator=(const IoThreads&) = delete;

  boost::asio::io_context& context();
  unsigned size() const;
  void stop();

 private:
  struct Impl;
  Impl* impl_;  // (implementation's choice: unique_ptr to an incomplete type is fine too)
};

}  // namespace gt3::http
