#include "http/io_threads.h"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <mutex>
#include <thread>

namespace gt3::http {

using Guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

// An io_context whose services can be shut down before it is destroyed. With a context per
// thread, a handler left on one context may own objects of another (a connection's coroutine owns
// the server, whose timer lives on the first context): every context is shut down first, which
// destroys those handlers while every service still exists, and only then is any destroyed.
// (Asio shuts a context down again in its destructor; a second shutdown does nothing.)
struct Context : boost::asio::io_context {
  using boost::asio::execution_context::shutdown;
  using boost::asio::io_context::io_context;
};

struct IoThreads::Impl {
  std::vector<std::unique_ptr<Context>> contexts;
  std::vector<Guard> work;  // one per context, until stop()
  std::vector<std::thread> threads;
  std::vector<std::thread::id> ids;  // fixed after construction
  std::mutex stop_mutex;
  bool stopped = false;
  std::mutex join_mutex;
};

IoThreads::IoThreads(unsigned threads, Layout layout) : impl_(new Impl) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const bool per_thread = layout == Layout::kContextPerThread;
  // The concurrency hint tells Asio how many threads run a context: with 1 it skips work that
  // only matters when several threads wait on the same one.
  const unsigned count = per_thread ? threads : 1;
  for (unsigned i = 0; i < count; ++i) {
    impl_->contexts.push_back(
        std::make_unique<Context>(per_thread ? 1 : static_cast<int>(threads)));
    impl_->work.emplace_back(impl_->contexts.back()->get_executor());
  }
  impl_->threads.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) {
    boost::asio::io_context* io = impl_->contexts[per_thread ? i : 0].get();
    impl_->threads.emplace_back([io] { io->run(); });
    impl_->ids.push_back(impl_->threads.back().get_id());
  }
}

IoThreads::~IoThreads() {
  stop();
  for (const auto& context : impl_->contexts) context->shutdown();
  delete impl_;
}

boost::asio::io_context& IoThreads::context() { return *impl_->contexts.front(); }

std::vector<boost::asio::io_context*> IoThreads::contexts() {
  std::vector<boost::asio::io_context*> all;
  for (const auto& context : impl_->contexts) all.push_back(context.get());
  return all;
}

unsigned IoThreads::size() const { return static_cast<unsigned>(impl_->threads.size()); }

void IoThreads::stop() {
  {
    std::lock_guard lock(impl_->stop_mutex);
    if (!impl_->stopped) {
      impl_->stopped = true;
      impl_->work.clear();
      for (const auto& context : impl_->contexts) context->stop();
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

bool runs_on_one_thread(boost::asio::io_context& io) {
  // The hint is kept by the context's scheduler (the reactor-based io_context of this platform).
  const int hint = boost::asio::use_service<boost::asio::detail::scheduler>(io).concurrency_hint();
  return hint == 1 || !BOOST_ASIO_CONCURRENCY_HINT_IS_LOCKING(SCHEDULER, hint) ||
         !BOOST_ASIO_CONCURRENCY_HINT_IS_LOCKING(REACTOR_IO, hint);
}

}  // namespace gt3::http
