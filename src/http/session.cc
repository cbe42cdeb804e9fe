#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http.hpp>
#include <tuple>

#include "http/connection_takeover.h"
#include "http/request_parsing.h"
#include "http/request_reader.h"
#include "http/response_head.h"
#include "http/server_internals.h"
#include "http/write_now.h"

namespace gt3::http {
namespace {

namespace bhttp = boost::beast::http;

// How long, and how many bytes, a connection is drained after an error answer before it is
// closed, so that the client reads the answer instead of a reset.
constexpr std::chrono::milliseconds kLingerTime{1'000};
constexpr std::size_t kLingerBytes = 256 * 1024;

std::string peer_address_of(const tcp::socket& socket) {
  error_code ec;
  asio::ip::address address = socket.remote_endpoint(ec).address();
  if (ec) return {};
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  }
  return address.to_string();
}

}  // namespace

Session::Session(std::shared_ptr<ServerState> owner, tcp::socket connection,
                 std::uint64_t session_id)
    : server(std::move(owner)),
      id(session_id),
      peer(peer_address_of(connection)),
      socket(std::move(connection)),
      deadline_timer(this->socket.get_executor()) {
  error_code ignored;  // refused, write_now() writes nothing and answers go through the queue
  socket.non_blocking(true, ignored);
}

// GCC 12 takes the frames of these coroutines for a mismatched new/delete (with sanitizers, or
// with a co_await inside a try block): Asio's awaitable_frame_base declares both, over
// aligned_alloc and its free. A false positive of that compiler (examples/CMakeLists.txt has the
// same), silenced for this file's coroutines only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

asio::awaitable<void> Session::run(std::shared_ptr<Session> self) {
  try {
    co_await self->serve();
  } catch (...) {
    // Nothing below throws on purpose; a bug must close one connection, not the process.
  }
  self->stop_timer();
  self->close_now();
  self->server->forget(self->id);
}

asio::awaitable<void> Session::serve() {
  const ServerOptions& options = server->options;
  bool first = true;
  while (!closing) {
    awaiting_request = true;
    if (server->want_room) server->make_room();
    // Wait for the first byte of the next request, unless a pipelined one is already buffered.
    if (buffer.size() == 0) {
      idle = true;
      set_deadline(Clock::now() + (first ? options.request_timeout : options.idle_timeout));
      auto [ec, n] = co_await socket.async_read_some(buffer.prepare(4096), kTuple);
      clear_deadline();
      idle = false;
      if (ec) co_return;  // peer gone, idle too long, pause or stop: nothing to answer
      buffer.commit(n);
    }
    first = false;
    const auto started = Clock::now();

    RequestReader reader(request, options.max_header_bytes, options.max_body_bytes);
    // Most requests arrive whole in one read: parsed here at once. Beast's async_read would parse
    // them too, then post its completion through the queue (it never completes inline).
    error_code read_ec;
    bool read_timed_out = false;
    reader.eager(true);
    buffer.consume(reader.put(buffer.data(), read_ec));
    // put() takes what there is of a body without an error: not done is what asks for more.
    if (read_ec == bhttp::error::need_more) read_ec = {};
    if (!read_ec && !reader.is_done()) {
      set_deadline(started + options.request_timeout);
      std::tie(read_ec, std::ignore) = co_await bhttp::async_read(socket, buffer, reader, kTuple);
      read_timed_out = timed_out;
      clear_deadline();
    }
    if (read_ec) {
      auto answer = answer_to_read_error(read_ec, read_timed_out, options.max_header_bytes,
                                         options.max_body_bytes);
      if (answer && socket.is_open()) {
        // The request line is known once parsed (a limit may stop the headers after it); a
        // parsed one always has a target.
        const std::string_view target = reader.target();
        tell_server_answer(answer->status, target.empty() ? "" : reader.method_text(), target,
                           started);
        std::array<asio::const_buffer, 2> out;
        if (prepare_answer(*answer, 11, /*keep_alive=*/false, /*head_only=*/false, out)) {
          auto [write_ec, n] = co_await start_write(out);
          if (finish_write(write_ec)) co_await linger();
        }
      }
      co_return;
    }

    awaiting_request = false;
    const unsigned version = reader.version();
    const bool head_only = reader.is_head();
    bool keep_alive = reader.keep_alive();
    Response response;
    if (auto finished = finish_request(request, peer); !finished) {
      response = Response::bad_request(finished.error());
      tell_server_answer(response.status, {}, {}, started);
    } else {
      bool threw = false;
      try {
        response = co_await server->router.route(request)(request);
      } catch (...) {
        threw = true;
      }
      if (threw) {
        tell_server_answer(500, method_name(request.method), request.path, started);
        response = Response::error(500, "internal_error",
                                   "the server failed while answering this request; try again, "
                                   "and report it if it keeps failing");
      }
    }
    if (response.takeover) {
      // Fault injection (http/connection_takeover.h): its bytes, not an answer of ours; the
      // socket closes with the session.
      co_await response.takeover->run(socket);
      co_return;
    }
    // Pause or stop arrived while this request ran: answer it, then close.
    if (closing || server->draining) keep_alive = false;
    // Evictable from now on when kept alive: its next wait starts once the answer is out, and
    // a client that has read the answer must find the connection counted as waiting.
    awaiting_request = keep_alive;
    writing = true;
    std::array<asio::const_buffer, 2> out;
    bool written = false;
    if (prepare_answer(response, version, keep_alive, head_only, out)) {
      // With a pipelined request waiting, the answer goes through the queue: the connection
      // yields to the others at each answer.
      const bool pipelined = buffer.size() != 0;
      if (!pipelined && write_now(socket, out).failed()) {
        written = false;
      } else if (asio::buffer_size(out) == 0) {
        written = true;
      } else {
        auto [write_ec, n] = co_await start_write(out);
        written = finish_write(write_ec);
      }
    }
    writing = false;
    if (!written || !keep_alive || close_after_write) co_return;
  }
}

void Session::tell_server_answer(int status, std::string_view method, std::string_view target,
                                 std::chrono::steady_clock::time_point started) const {
  const auto& tell = server->options.on_server_answer;
  if (!tell) return;
  try {
    tell(ServerAnswer{status, peer, method, target, std::chrono::steady_clock::now() - started});
  } catch (...) {
    // A broken observer must not cost the client its answer.
  }
}

bool Session::prepare_answer(Response& response, unsigned version, bool keep_alive, bool head_only,
                             std::array<asio::const_buffer, 2>& out) {
  const HeadFields fields{version, keep_alive, server->options.server_name, http_date_now()};
  if (!write_response_head(head, response, fields)) {
    response = Response::error(500, "internal_error",
                               "the handler answered an invalid status, header or body; report it");
    head_only = false;
    if (!write_response_head(head, response, fields)) return false;  // e.g. a bad server_name
  }
  out = {asio::buffer(head), head_only ? asio::const_buffer() : asio::buffer(response.body)};
  return true;
}

asio::awaitable<void> Session::linger() {
  error_code ignored;
  socket.shutdown(tcp::socket::shutdown_send, ignored);
  set_deadline(Clock::now() + kLingerTime);
  std::size_t drained = 0;
  char sink[4096];
  while (drained < kLingerBytes) {
    auto [ec, n] = co_await socket.async_read_some(asio::buffer(sink), kTuple);
    if (ec) break;
    drained += n;
  }
  clear_deadline();
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

}  // namespace gt3::http
