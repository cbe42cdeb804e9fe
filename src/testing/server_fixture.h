// ServerTest (tests only): the fixture of the HttpServer tests in src/http/server_test.cc and
// server_lifecycle_test.cc, one class so that both files share the gtest suite "ServerTest".
// start() runs an HttpServer on 127.0.0.1, on a port of its own, with `threads` I/O threads
// (serve's layout by default: a context per thread, connections spread over them; `layout`
// kShared puts every connection on a strand of one shared context) and these routes:
//   GET  /hello   {"hello":"world"}
//   GET  /echo    the query's pairs as a JSON array of [name, value]
//   POST /form    the form body's pairs, likewise; 400 when it does not decode
//   GET  /peer    the peer address the server saw, as a JSON string
//   GET  /throw   a handler that throws
//   GET  /drop    close_without_answer()
//   GET  /gate    held at gate_ until the test opens it
// A test may add routes to router_ before start(). The destructor opens the gate, then stops
// the server and joins its threads, so a failing test never leaves a handler waiting.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "http/connection_takeover.h"
#include "http/io_threads.h"
#include "http/server.h"
#include "testing/handler_gate.h"
#include "testing/raw_connection.h"

namespace gt3::testing {

class ServerTest : public ::testing::Test {
 protected:
  using Method = http::Method;
  using Request = http::Request;
  using Response = http::Response;

  ServerTest() {
    router_.add(Method::kGet, "/hello", [](const Request&) -> boost::asio::awaitable<Response> {
      co_return Response::json(200, R"({"hello":"world"})");
    });
    router_.add(Method::kGet, "/echo",
                [](const Request& request) -> boost::asio::awaitable<Response> {
                  co_return Response::json(200, pairs_json(request.query).dump());
                });
    router_.add(Method::kPost, "/form",
                [](const Request& request) -> boost::asio::awaitable<Response> {
                  auto form = request.form();
                  if (!form) co_return Response::bad_request(form.error());
                  co_return Response::json(200, pairs_json(*form).dump());
                });
    router_.add(Method::kGet, "/peer",
                [](const Request& request) -> boost::asio::awaitable<Response> {
                  co_return Response::json(200, nlohmann::json(request.peer_address).dump());
                });
    router_.add(Method::kGet, "/throw", [](const Request&) -> boost::asio::awaitable<Response> {
      throw std::runtime_error("handler bug");
      co_return Response{};
    });
    router_.add(Method::kGet, "/drop", [](const Request&) -> boost::asio::awaitable<Response> {
      co_return http::close_without_answer();
    });
    router_.add(Method::kGet, "/gate", [this](const Request&) -> boost::asio::awaitable<Response> {
      co_await gate_.wait();
      co_return Response::json(200, R"({"gate":"passed"})");
    });
  }

  ~ServerTest() override {
    gate_.open();
    server_.reset();
    io_.reset();
  }

  void start(http::ServerOptions options = {}, unsigned threads = 2,
             http::IoThreads::Layout layout = http::IoThreads::Layout::kContextPerThread) {
    io_ = std::make_unique<http::IoThreads>(threads, layout);
    server_ = std::make_unique<http::HttpServer>(io_->context(), std::move(options), router_,
                                                 layout == http::IoThreads::Layout::kShared
                                                     ? std::vector<boost::asio::io_context*>{}
                                                     : io_->contexts());
    auto started = server_->start();
    ASSERT_TRUE(started) << started.error().detail;
    port_ = server_->port();
    ASSERT_NE(port_, 0);
  }

  // The "error" member of a JSON error answer.
  static std::string error_code_of(const RawAnswer& answer) {
    return nlohmann::json::parse(answer.body).value("error", "");
  }

  static nlohmann::json pairs_json(const http::Params& params) {
    nlohmann::json pairs = nlohmann::json::array();
    for (const auto& [name, value] : params.pairs()) pairs.push_back({name, value});
    return pairs;
  }

  http::Router router_;
  Gate gate_;
  std::unique_ptr<http::IoThreads> io_;
  std::unique_ptr<http::HttpServer> server_;
  std::uint16_t port_ = 0;
};

}  // namespace gt3::testing
