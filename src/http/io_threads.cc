#include "http/io_threads.h"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace gt3::http {

struct IoThreads::Impl {
  boost::asio::io_context io;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  std::vector<std::thread::id> ids;  // fixed after construction
  std::mutex stop_mutex;
  bool stopped = false;
  std::mutex join_mutex;

  explicit Impl(unsigned n) : io(static_cast<int>(n)), work(io.get_executor()) {}
};

IoThreads::IoThreads(unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  impl_ = new Impl(threads);
  impl_->threads.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) {
    impl_->threads.emplace_back([io = &impl_->io] { io->run(); });
    impl_->ids.push_back(impl_->threads.back().get_id());
  }
}

IoThreads::~IoThreads() {
  stop();
  delete impl_;
}

boost::asio::io_context& IoThreads::context() { return impl_->io; }

unsigned IoThreads::size() const { return static_cast<unsigned>(impl_->threads.size()); }

void IoThreads::stop() {
  {
    std::lock_guard lock(impl_->stop_mutex);
    if (!impl_->stopped) {
      impl_->stopped = true;
      impl_->work.reset();
      impl_->io.stop();
    }
  }
  // From one of our own threads (a handler) nothing is joined: that thread leaves run() right
  // after the handler, and the destructor, called from outside, joins them all.
  const auto self = std::this_thread::get_id();
  if (std::find(impl_->ids.begin(), impl_->ids.end(), self) != impl_->ids.end()) return;
  std::lock_guard lock(impl_->join_mutex);
  for (std::thread& thread : impl_->threads) {
    if (thread.joinable()) thread.join();
  }
}

}  // namespace gt3::http
