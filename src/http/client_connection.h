// ClientConnection: one connection of AsioHttpClient to one peer, plain TCP or TLS over it, with
// what opening one needs besides Asio: the client's TLS context, the name checks set before a
// handshake, the sentence that says why a certificate was refused, and the checks that tell
// whether a pooled connection is still worth a request.
//
// Ownership: a ClientConnection owns its stream and read buffer; destroying it closes the
//   socket. Its TLS stream refers to the client's ssl::context, which must outlive it.
// Threads: a connection is used by one request at a time (the pool hands it out once), on its
//   executor, which it shares with that request's coroutine; the free functions are otherwise
//   stateless.
// Failures: make_client_tls_context() throws std::invalid_argument for an unreadable CA file;
//   the rest report by their return value and never throw.
// Timing: nothing here waits; still_open() is a non-blocking peek.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <optional>
#include <string>

#include "gt3/asio_http_client.h"

namespace gt3::http {

// A strand of the lane's context, or the context's own executor when one thread runs it
// (runs_on_one_thread(), http/io_threads.h): either way, one request's handlers never overlap.
using ClientExecutor = boost::asio::any_io_executor;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

// Its executor is shared by every request that uses it, one after the other, so the stream's own
// timer handlers and the request's coroutine never run at the same time.
struct ClientConnection {
  // TLS when `tls_context` is given, plain TCP otherwise.
  ClientConnection(ClientExecutor e, boost::asio::ssl::context* tls_context)
      : executor(std::move(e)) {
    if (tls_context != nullptr) {
      tls.emplace(executor, *tls_context);
    } else {
      plain.emplace(executor);
    }
  }

  boost::beast::tcp_stream& lowest() { return tls ? boost::beast::get_lowest_layer(*tls) : *plain; }

  ClientExecutor executor;
  std::optional<boost::beast::tcp_stream> plain;
  std::optional<TlsStream> tls;
  boost::beast::flat_buffer buffer;
};

// An idle keep-alive connection with no bytes left over and its socket open, asked of the peer
// nothing (no system call): what the pool checks before handing one out.
bool looks_reusable(ClientConnection& connection);

// looks_reusable(), and the server has not closed it nor sent something unasked (a 408, a TLS
// alert) while it sat idle: a non-blocking peek, one system call. For a request that cannot be
// sent again (a POST) if the connection turns out dead once it is on its way.
bool still_open(ClientConnection& connection);

// TLS 1.2 or later, the system's CAs plus options.extra_ca_file, verification per
// options.verify_tls.
boost::asio::ssl::context make_client_tls_context(const AsioHttpClientOptions& options);

// SNI for host names (never for IP literals, RFC 6066) and the name or address the peer's
// certificate must carry. False when OpenSSL refused to set them.
bool prepare_tls(TlsStream& stream, const std::string& host);

// After a failed handshake: " (certificate: <why>; <what to do>)" when the peer's certificate
// was refused, "" otherwise.
std::string certificate_problem(TlsStream& stream);

}  // namespace gt3::http
