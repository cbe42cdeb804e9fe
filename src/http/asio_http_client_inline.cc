// The inline exchange of AsioHttpClient: a call whose pooled plain connection belongs to the
// calling thread (its lane's context, run by that thread alone) is written at once, inside
// send(), and its answer read by plain callbacks. Under load nearly every call to the cloud is
// one: it saves the coroutine run() would be (its frames, its first trip through the queue,
// each read's awaitable machinery). Deadlines, shutdown and the one retry are as in run(): the
// call is watched since send(), finish() closes the socket, and a connection the server had
// closed while idle is handed to run(), which opens a new one.
#include <array>
#include <boost/asio/write.hpp>
#include <utility>

#include "http/asio_http_client_impl.h"
#include "http/request_head.h"
#include "http/write_now.h"

namespace gt3 {

void AsioHttpClient::Impl::start_inline(const std::shared_ptr<Call>& call) {
  Call& c = *call;
  // A request that cannot be sent as HTTP is run()'s to refuse, later, as before.
  if (!http::write_request_head(c.head, c.request,
                                {c.target.target, c.target.host_header, http::client_user_agent()})) {
    spawn(call);
    return;
  }
  ++requests_on_reused_connections;
  c.phase = http::RequestPhase::kWrite;
  boost::asio::ip::tcp::socket& socket = c.connection->plain->socket();
  std::array<boost::asio::const_buffer, 2> out{boost::asio::buffer(c.head),
                                               boost::asio::buffer(c.request.body)};
  const boost::system::error_code ec = http::write_now(socket, out);
  if (ec || boost::asio::buffer_size(out) == 0) {
    on_written(call, ec);
    return;
  }
  // The rest, when the socket's buffer was full; `out` points into the call, which the handler
  // holds.
  boost::asio::async_write(socket, out,
                           [self = shared_from_this(), call](boost::system::error_code write_ec,
                                                             std::size_t) {
                             self->on_written(call, write_ec);
                           });
}

void AsioHttpClient::Impl::on_written(const std::shared_ptr<Call>& call,
                                      boost::system::error_code ec) {
  Call& c = *call;
  if (c.finished) return;
  if (ec) {
    end_inline(call, write_failed(c, ec));
    return;
  }
  c.phase = http::RequestPhase::kRead;
  c.reader.emplace(options.max_response_bytes);
  c.reader->eager(true);
  read_answer(call);
}

void AsioHttpClient::Impl::read_answer(const std::shared_ptr<Call>& call) {
  Connection& connection = *call->connection;
  boost::system::error_code ec;
  if (call->reader->take(connection.buffer, ec)) {
    end_inline(call, answered(*call, *call->reader, ec));
    return;
  }
  connection.plain->socket().async_read_some(
      connection.buffer.prepare(http::ResponseReader::kReadSize),
      [self = shared_from_this(), call](boost::system::error_code read_ec, std::size_t n) {
        self->on_read(call, read_ec, n);
      });
}

void AsioHttpClient::Impl::on_read(const std::shared_ptr<Call>& call, boost::system::error_code ec,
                                   std::size_t n) {
  Call& c = *call;
  if (c.finished) return;  // timed out or shut down: finish() closed the socket
  if (ec) {
    end_inline(call, answered(c, *c.reader, c.reader->end_of_reading(ec)));
    return;
  }
  c.connection->buffer.commit(n);
  read_answer(call);
}

void AsioHttpClient::Impl::end_inline(const std::shared_ptr<Call>& call, Attempt attempt) {
  Call& c = *call;
  if (attempt.may_retry && !attempt.outcome) {
    // The pooled connection was closed by the server while it sat idle: once, afresh, by run().
    c.connection.reset();
    c.reader.reset();
    spawn(call);
    return;
  }
  finish(c, std::move(attempt.outcome));
}

}  // namespace gt3
