// The steps of one call of AsioHttpClient on its connection: the request head, opening a
// connection (DNS, connect, TLS) when none is pooled, the write, the read, the one retry.
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <string>
#include <utility>

#include "http/asio_http_client_impl.h"
#include "http/request_head.h"
#include "http/response_reader.h"
#include "http/write_now.h"

namespace gt3 {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using Connection = http::ClientConnection;
using http::RequestPhase;

}  // namespace

asio::awaitable<void> AsioHttpClient::Impl::run(std::shared_ptr<Impl> self,
                                                std::shared_ptr<Call> call) {
  if (!http::write_request_head(
          call->head, call->request,
          {call->target.target, call->target.host_header, http::client_user_agent()})) {
    // The request's own fault, sent nowhere: never a reason to think the cloud is down.
    self->finish(*call, HttpError{Reason::kRequestRefused, 0,
                                  "the request cannot be sent as HTTP (a header name that is no "
                                  "token or one the client writes, or a control character): "
                                  "fix the caller's headers or URL"});
    co_return;
  }

  const bool reused = call->connection != nullptr;
  if (reused) {
    ++self->requests_on_reused_connections;  // watched since send(), for its whole deadline
  } else if (!co_await open(self.get(), call)) {
    co_return;
  }
  Attempt attempt = co_await exchange(self.get(), *call);
  if (call->finished) co_return;
  if (reused && attempt.may_retry && !attempt.outcome) {
    // A keep-alive connection the server closed while it sat idle (a GET is not peeked at
    // first) or as we picked it: once, afresh.
    call->connection.reset();
    if (!co_await open(self.get(), call)) co_return;
    attempt = co_await exchange(self.get(), *call);
    if (call->finished) co_return;
  }
  self->finish(*call, std::move(attempt.outcome));
}

asio::awaitable<bool> AsioHttpClient::Impl::open(Impl* self, const std::shared_ptr<Call>& call) {
  Call& c = *call;
  const std::string authority = c.target.authority();
  const Clock::time_point connect_deadline =
      std::min(c.deadline, Clock::now() + self->options.connect_timeout);
  self->watch(call, connect_deadline);
  boost::system::error_code ec;

  c.phase = RequestPhase::kResolve;
  c.resolver.emplace(c.executor);
  const tcp::resolver::results_type endpoints = co_await c.resolver->async_resolve(
      c.target.host, c.target.port, asio::redirect_error(asio::use_awaitable, ec));
  if (c.finished) co_return false;
  if (ec) {
    self->finish(c, http::classify_failure(ec, c.phase, false, authority));
    co_return false;
  }

  c.phase = RequestPhase::kConnect;
  c.connection =
      std::make_unique<Connection>(c.executor, c.target.tls ? &self->tls_context : nullptr);
  beast::tcp_stream& lowest = c.connection->lowest();
  co_await lowest.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
  if (c.finished) co_return false;
  if (ec) {
    self->finish(c, http::classify_failure(ec, c.phase, false, authority));
    co_return false;
  }
  ++self->connections_opened;
  if (c.connection->plain) {
    boost::system::error_code ignored;  // refused, write_now() writes nothing: async_write does
    lowest.socket().non_blocking(true, ignored);
  }

  if (c.target.tls) {
    c.phase = RequestPhase::kHandshake;
    auto& stream = *c.connection->tls;
    if (!http::prepare_tls(stream, c.target.host)) {
      self->finish(c,
                   HttpError{Reason::kTls, 0, "could not set up TLS name checks for " + authority});
      co_return false;
    }
    co_await stream.async_handshake(ssl::stream_base::client,
                                    asio::redirect_error(asio::use_awaitable, ec));
    if (c.finished) co_return false;
    if (ec) {
      HttpError error = http::classify_failure(ec, c.phase, false, authority);
      if (error.reason == Reason::kTls) error.detail += http::certificate_problem(stream);
      self->finish(c, std::move(error));
      co_return false;
    }
  }
  self->watch(call, c.deadline);
  co_return true;
}

asio::awaitable<AsioHttpClient::Impl::Attempt> AsioHttpClient::Impl::exchange(Impl* self, Call& c) {
  Connection& connection = *c.connection;
  boost::system::error_code ec;

  c.phase = RequestPhase::kWrite;
  std::array<asio::const_buffer, 2> out{asio::buffer(c.head), asio::buffer(c.request.body)};
  if (connection.tls) {
    co_await asio::async_write(*connection.tls, out, asio::redirect_error(asio::use_awaitable, ec));
  } else {
    // Most calls fit the socket's buffer: written at once; the rest, if any, through the queue.
    ec = http::write_now(connection.plain->socket(), out);
    if (!ec && asio::buffer_size(out) != 0) {
      co_await asio::async_write(connection.plain->socket(), out,
                                 asio::redirect_error(asio::use_awaitable, ec));
    }
  }
  if (c.finished) co_return Attempt{};
  if (ec) co_return self->write_failed(c, ec);

  c.phase = RequestPhase::kRead;
  http::ResponseReader reader(self->options.max_response_bytes);
  if (connection.tls) {
    co_await bhttp::async_read(*connection.tls, connection.buffer, reader,
                               asio::redirect_error(asio::use_awaitable, ec));
  } else {
    // Read and parsed here rather than by Beast's async_read over the tcp_stream: the same
    // parser, without two layers of composed operations per read.
    reader.eager(true);
    while (!reader.take(connection.buffer, ec)) {
      auto [read_ec, n] = co_await connection.plain->socket().async_read_some(
          connection.buffer.prepare(http::ResponseReader::kReadSize),
          asio::as_tuple(asio::use_awaitable));
      if (read_ec) {
        ec = reader.end_of_reading(read_ec);
        break;
      }
      connection.buffer.commit(n);
    }
  }
  if (c.finished) co_return Attempt{};
  co_return self->answered(c, reader, ec);
}

AsioHttpClient::Impl::Attempt AsioHttpClient::Impl::write_failed(
    const Call& c, boost::system::error_code ec) const {
  // A request that did not go out whole cannot have been acted upon: safe to send again.
  return Attempt{http::classify_failure(ec, c.phase, false, c.target.authority()),
                 ec != beast::error::timeout};
}

AsioHttpClient::Impl::Attempt AsioHttpClient::Impl::answered(Call& c, http::ResponseReader& reader,
                                                            boost::system::error_code ec) {
  Connection& connection = *c.connection;
  if (ec) {
    const bool started = reader.got_some() || connection.buffer.size() != 0;
    return Attempt{http::classify_failure(ec, c.phase, started, c.target.authority()),
                   !started && ec != beast::error::timeout && c.request.method == HttpMethod::kGet};
  }
  const int status = reader.status();
  if (reader.keep_alive() && connection.buffer.size() == 0) {
    pools[c.lane]->checkin(c.pool_key, std::move(c.connection), Clock::now());
  } else {
    c.connection.reset();
  }
  if (status < 200 || status > 299) {
    return Attempt{HttpError{Reason::kHttpStatus, status,
                             "HTTP status " + std::to_string(status) + " from " +
                                 c.target.authority()}};
  }
  return Attempt{HttpResponse{status, std::move(reader.content_type()), std::move(reader.body())}};
}

}  // namespace gt3
