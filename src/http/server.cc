#include "http/server.h"

#include <boost/asio/post.hpp>

#include "http/listen_address.h"
#include "http/server_internals.h"

namespace gt3::http {

struct HttpServer::Impl : ServerState {
  using ServerState::ServerState;
};

HttpServer::HttpServer(boost::asio::io_context& io, ServerOptions options, Router router,
                       std::vector<boost::asio::io_context*> connection_contexts)
    : impl_(std::make_shared<Impl>(io, std::move(options), std::move(router),
                                   std::move(connection_contexts))) {}

HttpServer::~HttpServer() { stop(); }

Result<void> HttpServer::start() {
  std::lock_guard lock(impl_->mutex);
  if (impl_->stopped) return Error{Reason::kCancelled, "the server was stopped; make a new one"};
  if (impl_->started) return {};
  auto endpoint = parse_listen_address(impl_->options.listen);
  if (!endpoint) {
    return Error{Reason::kNetwork,
                 "the listen address \"" + impl_->options.listen + "\" " + endpoint.error().detail};
  }
  impl_->endpoint = *endpoint;
  auto listening = impl_->listen_locked();
  if (listening) impl_->started = true;
  return listening;
}

std::uint16_t HttpServer::port() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->endpoint.port();
}

void HttpServer::pause_accepting() {
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(impl_->mutex);
    if (!impl_->started || impl_->paused || impl_->stopped) return;
    impl_->paused = true;
    impl_->draining = true;
    impl_->close_acceptor_locked();
    live = impl_->live_sessions_locked();
  }
  for (auto& session : live) {
    asio::post(session->executor(), [session] { session->close_when_idle(); });
  }
}

Result<void> HttpServer::resume_accepting() {
  std::lock_guard lock(impl_->mutex);
  if (!impl_->started || !impl_->paused || impl_->stopped) return {};
  auto listening = impl_->listen_locked();
  if (listening) {
    impl_->paused = false;
    impl_->draining = false;
  }
  return listening;
}

void HttpServer::stop() {
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->stopped) return;
    impl_->stopped = true;
    impl_->draining = true;
    impl_->close_acceptor_locked();
    live = impl_->live_sessions_locked();
  }
  if (live.empty()) return;
  for (auto& session : live) {
    asio::post(session->executor(), [session] { session->close_when_idle(); });
  }
  // After the grace period, whatever is still open is closed, answered or not.
  auto grace = std::make_shared<asio::steady_timer>(impl_->io, impl_->options.shutdown_grace);
  grace->async_wait([grace, impl = impl_](error_code ec) {
    if (ec) return;
    std::vector<std::shared_ptr<Session>> remaining;
    {
      std::lock_guard lock(impl->mutex);
      remaining = impl->live_sessions_locked();
    }
    for (auto& session : remaining) {
      asio::post(session->executor(), [session] { session->close_now(); });
    }
  });
}

std::size_t HttpServer::connection_count() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->sessions.size();
}

}  // namespace gt3::http
