#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include "http/server_internals.h"

namespace gt3::http {

Result<void> ServerState::listen_locked() {
  auto listening = std::make_shared<tcp::acceptor>(io);
  error_code ec;
  const auto fail = [&](std::string_view step) {
    return Error{Reason::kNetwork, "cannot listen on " + options.listen + " (" + std::string(step) +
                                       ": " + ec.message() +
                                       "); choose another address or free the port"};
  };
  if (listening->open(endpoint.protocol(), ec)) return fail("open");
  listening->set_option(asio::socket_base::reuse_address(true), ec);
  if (endpoint.address().is_v6() && endpoint.address().is_unspecified()) {
    listening->set_option(asio::ip::v6_only(false), ec);  // dual-stack where the system allows
  }
  if (listening->bind(endpoint, ec)) return fail("bind");
  if (listening->listen(asio::socket_base::max_listen_connections, ec)) return fail("listen");
  endpoint.port(listening->local_endpoint(ec).port());
  acceptor = listening;
  // Posted, not spawned here: co_spawn may start the loop inline on an I/O thread (when
  // resume_accepting() is called from a handler), and its first step takes this held mutex.
  asio::post(io, [self = shared_from_this(), listening = std::move(listening)]() mutable {
    asio::co_spawn(self->io, self->accept_loop(std::move(listening)), asio::detached);
  });
  return {};
}

void ServerState::close_acceptor_locked() {
  slot_freed.cancel();  // an accept loop waiting for a slot sees the acceptor closed and ends
  if (!acceptor) return;
  error_code ignored;
  acceptor->close(ignored);
  acceptor.reset();
}

std::vector<std::shared_ptr<Session>> ServerState::live_sessions_locked() {
  std::vector<std::shared_ptr<Session>> live;
  for (const auto& [id, weak] : sessions) {
    if (auto session = weak.lock()) live.push_back(std::move(session));
  }
  return live;
}

// Every connection is accepted as it comes. At max_connections the newcomer is held, not yet
// served, while the loop closes the connection that has waited longest for a request (a silent
// one, a slowloris, an idle keep-alive one), and is served once that one has gone; when every
// connection is busy in a handler, the newcomer waits until one finishes or starts waiting for
// its next request, and later newcomers wait in the listen backlog. Newcomers are never closed at
// once: one that arrives during a burst is served a moment later instead of meeting an error it
// must retry. Evicting the oldest waiting connection is what keeps a flood larger than the cap
// from starving everyone else until request_timeout: a real client sends its request at once and
// is answered in milliseconds, so it is seldom the oldest waiting.
//
// Accepting first, rather than waiting for the listening socket to become readable, relies on
// the accept alone: the reactor's readiness is edge-triggered, and could be stale (a wait ended by
// an accept made earlier, which evicted a connection whose request was on its way, for nobody)
// or spent before the wait began (a newcomer left in the backlog while slots came free).
// False when the acceptor was closed (pause or stop): the newcomer is then dropped.
asio::awaitable<bool> ServerState::make_room_for_newcomer(
    const std::shared_ptr<tcp::acceptor>& listening) {
  // The wait is initiated under the mutex, as forget(), make_room() and close_acceptor_locked()
  // cancel it under it; it completes at once when there is nothing left to wait for.
  const auto wait_for_change = [this, &listening] {
    return asio::async_initiate<decltype(kTuple), void(error_code)>(
        [this, &listening](auto handler) {
          std::lock_guard lock(mutex);
          if (!listening->is_open() || has_slot_locked() || look_again) {
            look_again = false;
            auto executor = asio::get_associated_executor(handler, io.get_executor());
            asio::post(executor, [handler = std::move(handler)]() mutable {
              std::move(handler)(error_code{});
            });
            return;
          }
          slot_freed.expires_at(asio::steady_timer::time_point::max());
          slot_freed.async_wait(std::move(handler));
        },
        kTuple);
  };
  for (;;) {
    {
      std::lock_guard lock(mutex);
      if (!listening->is_open()) co_return false;
      if (has_slot_locked()) co_return true;
      look_again = false;  // looking now
      want_room = !evict_oldest_waiting_locked();
    }
    co_await wait_for_change();
  }
}

bool ServerState::evict_oldest_waiting_locked() {
  std::shared_ptr<Session> oldest;
  for (const auto& [id, weak] : sessions) {
    if (oldest && id > oldest->id) continue;
    auto session = weak.lock();
    if (session && !session->evicted && session->awaiting_request) oldest = std::move(session);
  }
  if (!oldest) return false;
  oldest->evicted = true;
  asio::post(oldest->executor(), [oldest] { oldest->evict(); });
  return true;
}

void ServerState::make_room() {
  std::lock_guard lock(mutex);
  if (!want_room) return;
  want_room = false;
  look_again = true;
  slot_freed.cancel();  // the accept loop looks again for a connection to close
}

void ServerState::wake_accept_loop() {
  std::lock_guard lock(mutex);
  look_again = true;
  slot_freed.cancel();
}

asio::awaitable<void> ServerState::accept_loop(std::shared_ptr<tcp::acceptor> listening) {
  auto self = shared_from_this();
  for (;;) {
    // Initiated under the mutex, as pause_accepting() and stop() close the acceptor under it.
    auto [ec, socket] =
        co_await asio::async_initiate<decltype(kTuple), void(error_code, tcp::socket)>(
            [this, &listening](auto handler) {
              std::lock_guard lock(mutex);
              if (connection_contexts.empty()) {
                listening->async_accept(asio::make_strand(io), std::move(handler));
              } else {
                // The next context in turn: the connection's every step runs on its thread.
                auto& context = *connection_contexts[next_context++ % connection_contexts.size()];
                listening->async_accept(context, std::move(handler));
              }
            },
            kTuple);
    if (ec) {
      {
        std::lock_guard lock(mutex);
        if (!listening->is_open()) co_return;  // paused or stopped: a normal end
      }
      // Out of descriptors or a transient error: wait a little instead of spinning.
      asio::steady_timer backoff(io, std::chrono::milliseconds(50));
      co_await backoff.async_wait(kTuple);
      continue;
    }
    if (!co_await make_room_for_newcomer(listening)) co_return;
    start_session(std::move(socket));
  }
}

void ServerState::start_session(tcp::socket socket) {
  std::lock_guard lock(mutex);
  if (paused || stopped) return;  // accepted just before the acceptor closed: dropped
  const std::uint64_t id = next_session_id++;
  auto session = std::make_shared<Session>(shared_from_this(), std::move(socket), id);
  sessions.emplace(id, session);
  asio::co_spawn(session->executor(), Session::run(session), asio::detached);
}

void ServerState::forget(std::uint64_t id) {
  std::lock_guard lock(mutex);
  sessions.erase(id);
  if (has_slot_locked()) slot_freed.cancel();
}

}  // namespace gt3::http
