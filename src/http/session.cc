#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>
#include <ctime>
#include <tuple>

#include "http/connection_takeover.h"
#include "http/request_parsing.h"
#include "http/server_internals.h"

namespace gt3::http {
namespace {

namespace bhttp = boost::beast::http;

// How long, and how many bytes, a connection is drained after an error answer before it is
// closed, so that the client reads the answer instead of a reset.
constexpr std::chrono::milliseconds kLingerTime{1'000};
constexpr std::size_t kLingerBytes = 256 * 1024;

std::string http_date() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char out[64];
  const std::size_t n = std::strftime(out, sizeof out, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(out, n);
}

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

Session::Session(std::shared_ptr<ServerState> owner, tcp::socket socket, std::uint64_t session_id)
    : server(std::move(owner)),
      id(session_id),
      peer(peer_address_of(socket)),
      stream(std::move(socket)),
      read_timer(stream.get_executor()) {}

asio::awaitable<void> Session::run() {
  auto self = shared_from_this();
  try {
    co_await serve();
  } catch (...) {
    // Nothing below throws on purpose; a bug must close one connection, not the process.
  }
  disarm_read_deadline();
  close_now();
  server->forget(id);
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
      arm_read_deadline(first ? options.request_timeout : options.idle_timeout);
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), kTuple);
      disarm_read_deadline();
      idle = false;
      if (ec) co_return;  // peer gone, idle too long, pause or stop: nothing to answer
      buffer.commit(n);
    }
    first = false;
    const auto started = std::chrono::steady_clock::now();

    RequestParser parser;
    limit_request_parser(parser, options.max_header_bytes, options.max_body_bytes);
    arm_read_deadline(options.request_timeout);
    auto [read_ec, read_n] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
    const bool timed_out = read_timed_out;
    disarm_read_deadline();
    if (read_ec) {
      auto answer = answer_to_read_error(read_ec, timed_out, options.max_header_bytes,
                                         options.max_body_bytes);
      if (answer && socket().is_open()) {
        // The request line is in the message once parsed (a limit may stop the headers after it);
        // a parsed one always has a target.
        std::string_view method;
        const auto& header = parser.get();
        const std::string_view target(header.target().data(), header.target().size());
        if (!target.empty()) {
          method = std::string_view(header.method_string().data(), header.method_string().size());
        }
        tell_server_answer(answer->status, method, target, started);
        if (co_await write(std::move(*answer), 11, /*keep_alive=*/false, /*head=*/false)) {
          co_await linger();
        }
      }
      co_return;
    }

    awaiting_request = false;
    BeastRequest in = parser.release();
    const unsigned version = in.version();
    const bool head = in.method() == bhttp::verb::head;
    bool keep_alive = in.keep_alive();
    auto request = to_request(std::move(in), peer);
    Response response;
    if (!request) {
      response = Response::bad_request(request.error());
      tell_server_answer(response.status, {}, {}, started);
    } else {
      response = co_await call_handler(*request, started);
    }
    if (response.takeover) {
      // Fault injection (http/connection_takeover.h): its bytes, not an answer of ours; the
      // socket closes with the session.
      co_await response.takeover->run(socket());
      co_return;
    }
    // Pause or stop arrived while this request ran: answer it, then close.
    if (closing || server->draining) keep_alive = false;
    // Evictable from now on when kept alive: its next wait starts once the answer is out, and
    // a client that has read the answer must find the connection counted as waiting.
    awaiting_request = keep_alive;
    writing = true;
    const bool written = co_await write(std::move(response), version, keep_alive, head);
    writing = false;
    if (!written || !keep_alive || close_after_write) co_return;
  }
}

asio::awaitable<Response> Session::call_handler(const Request& request,
                                                std::chrono::steady_clock::time_point started) {
  try {
    co_return co_await server->router.route(request)(request);
  } catch (...) {
  }
  tell_server_answer(500, method_name(request.method), request.path, started);
  co_return Response::error(500, "internal_error",
                            "the server failed while answering this request; try again, and "
                            "report it if it keeps failing");
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

asio::awaitable<bool> Session::write(Response response, unsigned version, bool keep_alive,
                                     bool head) {
  if (response.status < 100 || response.status > 999) {
    response = Response::error(500, "internal_error", "the handler answered an invalid status");
  }
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(response.status), version};
  out.set(bhttp::field::server, server->options.server_name);
  out.set(bhttp::field::date, http_date());
  if (!response.content_type.empty()) out.set(bhttp::field::content_type, response.content_type);
  for (auto& [name, value] : response.headers) out.insert(name, value);
  out.body() = std::move(response.body);
  out.prepare_payload();
  out.set(bhttp::field::connection, keep_alive ? "keep-alive" : "close");

  stream.expires_after(server->options.request_timeout);
  error_code ec;
  if (head) {
    // The headers GET would send, Content-Length included, and no body.
    bhttp::response_serializer<bhttp::string_body> serializer{out};
    std::tie(ec, std::ignore) = co_await bhttp::async_write_header(stream, serializer, kTuple);
  } else {
    std::tie(ec, std::ignore) = co_await bhttp::async_write(stream, out, kTuple);
  }
  stream.expires_never();
  co_return !ec;
}

asio::awaitable<void> Session::linger() {
  error_code ignored;
  socket().shutdown(tcp::socket::shutdown_send, ignored);
  arm_read_deadline(kLingerTime);
  std::size_t drained = 0;
  char sink[4096];
  while (drained < kLingerBytes) {
    auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), kTuple);
    if (ec) break;
    drained += n;
  }
  disarm_read_deadline();
}

}  // namespace gt3::http
