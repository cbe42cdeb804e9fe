// AsioHttpClient: the real HttpClient, on Boost.Beast/Asio with C++20 coroutines.
//
// - http and https (OpenSSL; certificate verification on by default, SNI set);
// - async DNS; a connect deadline and the request's total deadline, never exceeded;
// - a keep-alive pool per scheme/host/port, bounded, idle connections closed after idle_timeout;
//   a pooled connection found broken is retried once on a fresh one, only when the request is
//   idempotent (GET) or was never sent;
// - every failure classified as a transport gt3::Reason (see gt3/http_client.h).
//
// Thread-safe: send() may be called from any thread; many requests run at once on the
// io_context (or the contexts, below). Handlers run on the io_context's threads, never inline in
// send() (an exception a handler throws leaves io_context::run(), as with any Asio handler). The
// io_context must outlive the client and keep running until the handlers have run; destroying the
// client (or shutdown()) completes every request in flight with kCancelled, and any later send()
// too. A request's steps run on a strand of its context, or on the context itself when it was
// made with concurrency hint 1 (io_context(1)): Asio's word that one thread runs it. Do not run
// such a context from several threads.
//
// Deadlines: a request's `deadline` counts from send(); opening a connection (DNS, TCP connect
// and TLS handshake together) is further capped by connect_timeout. A pooled connection that the
// server has closed while idle is noticed before a POST goes out on it (a non-blocking peek) and
// replaced; a GET is tried on it and, when it turns out closed, sent again on a fresh one.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gt3/http_client.h"

namespace boost::asio {
class io_context;
}

namespace gt3 {

struct AsioHttpClientOptions {
  std::chrono::milliseconds connect_timeout{800};  // capped by the request's deadline
  std::chrono::milliseconds idle_timeout{30'000};  // pooled connection unused this long: closed
  std::size_t max_idle_per_host = 32;
  std::size_t max_response_bytes = 1024 * 1024;  // larger: kBadBody
  bool verify_tls = true;
  std::string extra_ca_file;  // PEM, trusted in addition to the system's; unreadable: the
                              // constructor throws std::invalid_argument
};

class AsioHttpClient : public HttpClient {
 public:
  struct Stats {
    std::uint64_t connections_opened = 0;              // TCP connections established
    std::uint64_t requests_on_reused_connections = 0;  // requests that started on a pooled one
  };

  explicit AsioHttpClient(boost::asio::io_context& io, AsioHttpClientOptions options = {});
  // Lanes: a request runs on the context whose thread calls send() (the first context for any
  // other thread), with a connection pool of that context's own, and its handler runs there. For
  // a server with one io_context per thread: a request's cloud call never changes threads.
  // `contexts` must not be empty (std::invalid_argument); each must outlive the client.
  AsioHttpClient(std::vector<boost::asio::io_context*> contexts,
                 AsioHttpClientOptions options = {});
  ~AsioHttpClient() override;

  void send(HttpRequest request, Handler done) override;
  void shutdown();
  Stats stats() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace gt3
