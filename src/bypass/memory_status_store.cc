#include "bypass/memory_status_store.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <mutex>

namespace gt3::bypass {

struct MemoryStatusStore::Shared {
  std::mutex mutex;  // guards the members below
  Events events;
  SharedState state;
  bool running = false;
  std::mutex delivery;  // held while an event runs: events never overlap
};

MemoryStatusStore::MemoryStatusStore(boost::asio::io_context& io)
    : io_(io), shared_(std::make_shared<Shared>()) {}

void MemoryStatusStore::start(Events events) {
  {
    std::lock_guard lock(shared_->mutex);
    shared_->events = std::move(events);
    shared_->running = true;
  }
  boost::asio::post(io_, [shared = shared_] {
    std::lock_guard delivery(shared->delivery);
    Events handlers;
    SharedState state;
    {
      std::lock_guard lock(shared->mutex);
      if (!shared->running) return;
      handlers = shared->events;
      state = shared->state;
    }
    if (handlers.on_reachable) handlers.on_reachable(true);
    if (handlers.on_leader) handlers.on_leader(true);
    if (handlers.on_state) handlers.on_state(state);
  });
}

void MemoryStatusStore::stop() {
  std::lock_guard lock(shared_->mutex);
  shared_->running = false;
}

void MemoryStatusStore::write_status(CloudStatus status, std::chrono::milliseconds) {
  {
    std::lock_guard lock(shared_->mutex);
    shared_->state.status = status;
  }
  announce();
}

void MemoryStatusStore::write_override(Override mode) {
  {
    std::lock_guard lock(shared_->mutex);
    shared_->state.override_mode = mode;
  }
  announce();
}

void MemoryStatusStore::announce() {
  boost::asio::post(io_, [shared = shared_] {
    std::lock_guard delivery(shared->delivery);
    std::function<void(const SharedState&)> on_state;
    SharedState state;
    {
      std::lock_guard lock(shared->mutex);
      if (!shared->running) return;
      on_state = shared->events.on_state;
      state = shared->state;
    }
    if (on_state) on_state(state);
  });
}

}  // namespace gt3::bypass
