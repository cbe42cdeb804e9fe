// TestingPeer (tests only): a server on 127.0.0.1 written with plain Asio, whose behaviour on
// each connection is a function of the test. It stands in for the GeeTest cloud in the
// AsioHttpClient tests, independently of the project's own HttpServer.
//
// Each accepted connection runs `session` in a thread of its own, with a blocking socket; the
// peer counts accepts. The destructor shuts every connection down (waking sessions blocked in a
// read) and joins all threads. Helpers read one request and write one answer with Beast.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace gt3::testing {

namespace peer_asio = boost::asio;
namespace peer_http = boost::beast::http;
using PeerRequest = peer_http::request<peer_http::string_body>;
using PeerResponse = peer_http::response<peer_http::string_body>;

class TestingPeer {
 public:
  using Session = std::function<void(peer_asio::ip::tcp::socket&)>;

  explicit TestingPeer(Session session)
      : session_(std::move(session)),
        acceptor_(io_, {peer_asio::ip::make_address("127.0.0.1"), 0}),
        port_(acceptor_.local_endpoint().port()),
        accept_thread_([this] { accept_loop(); }) {}

  ~TestingPeer() {
    stopping_ = true;
    // A connection to ourselves wakes the blocking accept.
    boost::system::error_code ignored;
    peer_asio::io_context wake_io;
    peer_asio::ip::tcp::socket wake(wake_io);
    wake.connect({peer_asio::ip::make_address("127.0.0.1"), port_}, ignored);
    accept_thread_.join();
    std::vector<std::thread> threads;
    {
      std::lock_guard lock(mutex_);
      for (auto& socket : sockets_)
        socket->shutdown(peer_asio::ip::tcp::socket::shutdown_both, ignored);
      threads.swap(threads_);
    }
    for (std::thread& t : threads) t.join();
  }

  TestingPeer(const TestingPeer&) = delete;
  TestingPeer& operator=(const TestingPeer&) = delete;

  unsigned short port() const { return port_; }
  int accepts() const { return accepts_.load(); }
  std::string url(const std::string& target) const {
    return "http://127.0.0.1:" + std::to_string(port_) + target;
  }

  // One request, or nothing when the client closed the connection (or sent garbage).
  template <class Stream>
  static std::optional<PeerRequest> read_request(Stream& stream,
                                                 boost::beast::flat_buffer& buffer) {
    PeerRequest request;
    boost::system::error_code ec;
    peer_http::read(stream, buffer, request, ec);
    if (ec) return std::nullopt;
    return request;
  }

  static PeerResponse answer(int status, std::string body, bool keep_alive = true) {
    PeerResponse response{static_cast<peer_http::status>(status), 11};
    response.set(peer_http::field::content_type, "application/json");
    response.body() = std::move(body);
    response.keep_alive(keep_alive);
    response.prepare_payload();
    return response;
  }

  template <class Stream>
  static bool write_response(Stream& stream, const PeerResponse& response) {
    boost::system::error_code ec;
    peer_http::write(stream, response, ec);
    return !ec;
  }

  // Raw bytes, for answers that are not (valid) HTTP.
  static bool write_raw(peer_asio::ip::tcp::socket& socket, const std::string& bytes) {
    boost::system::error_code ec;
    peer_asio::write(socket, peer_asio::buffer(bytes), ec);
    return !ec;
  }

  // Blocks until the client closes the connection (or the peer is destroyed).
  static void wait_until_closed(peer_asio::ip::tcp::socket& socket) {
    char sink[512];
    boost::system::error_code ec;
    while (!ec) socket.read_some(peer_asio::buffer(sink), ec);
  }

  // Answers every request on the connection with 200 and `body`, keep-alive, until it closes.
  static void serve_keep_alive(peer_asio::ip::tcp::socket& socket, const std::string& body) {
    boost::beast::flat_buffer buffer;
    while (auto request = read_request(socket, buffer)) {
      if (!write_response(socket, answer(200, body))) return;
    }
  }

 private:
  void accept_loop() {
    while (true) {
      auto socket = std::make_shared<peer_asio::ip::tcp::socket>(io_);
      boost::system::error_code ec;
      acceptor_.accept(*socket, ec);
      if (stopping_ || ec) return;
      ++accepts_;
      std::lock_guard lock(mutex_);
      sockets_.push_back(socket);
      threads_.emplace_back([this, socket] {
        session_(*socket);
        boost::system::error_code ignored;
        socket->shutdown(peer_asio::ip::tcp::socket::shutdown_both, ignored);
      });
    }
  }

  Session session_;
  peer_asio::io_context io_;
  peer_asio::ip::tcp::acceptor acceptor_;
  unsigned short port_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepts_{0};
  std::mutex mutex_;
  std::vector<std::shared_ptr<peer_asio::ip::tcp::socket>> sockets_;
  std::vector<std::thread> threads_;
  std::thread accept_thread_;  // last: starts once everything above exists
};

}  // namespace gt3::testing
