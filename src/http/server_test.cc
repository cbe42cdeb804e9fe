#include "http/server.h"

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "http/io_threads.h"
#include "testing/raw_connection.h"
#include "testing/handler_gate.h"

namespace gt3::http {
namespace {

namespace asio = boost::asio;
using testing::RawAnswer;
using testing::Gate;
using testing::RawConnection;

nlohmann::json pairs_json(const Params& params) {
  nlohmann::json pairs = nlohmann::json::array();
  for (const auto& [name, value] : params.pairs()) pairs.push_back({name, value});
  return pairs;
}

class ServerTest : public ::testing::Test {
 protected:
  ServerTest() {
    router_.add(Method::kGet, "/hello", [](const Request&) -> asio::awaitable<Response> {
      co_return Response::json(200, R"({"hello":"world"})");
    });
    router_.add(Method::kGet, "/echo", [](const Request& request) -> asio::awaitable<Response> {
      co_return Response::json(200, pairs_json(request.query).dump());
    });
    router_.add(Method::kPost, "/form", [](const Request& request) -> asio::awaitable<Response> {
      auto form = request.form();
      if (!form) co_return Response::bad_request(form.error());
      co_return Response::json(200, pairs_json(*form).dump());
    });
    router_.add(Method::kGet, "/peer", [](const Request& request) -> asio::awaitable<Response> {
      co_return Response::json(200, nlohmann::json(request.peer_address).dump());
    });
    router_.add(Method::kGet, "/throw", [](const Request&) -> asio::awaitable<Response> {
      throw std::runtime_error("handler bug");
      co_return Response{};
    });
    router_.add(Method::kGet, "/drop",
                [](const Request&) -> asio::awaitable<Response> { co_return Response::drop(); });
    router_.add(Method::kGet, "/gate", [this](const Request&) -> asio::awaitable<Response> {
      co_await gate_.wait();
      co_return Response::json(200, R"({"gate":"passed"})");
    });
  }

  ~ServerTest() override {
    server_.reset();
    io_.reset();
  }

  void start(ServerOptions options = {}, unsigned threads = 2) {
    io_ = std::make_unique<IoThreads>(threads);
    server_ = std::make_unique<HttpServer>(io_->context(), std::move(options), router_);
    auto started = server_->start();
    ASSERT_TRUE(started) << started.error().detail;
    port_ = server_->port();
    ASSERT_NE(port_, 0);
  }

  static std::string error_code_of(const RawAnswer& answer) {
    return nlohmann::json::parse(answer.body).value("error", "");
  }

  Router router_;
  Gate gate_;
  std::unique_ptr<IoThreads> io_;
  std::unique_ptr<HttpServer> server_;
  std::uint16_t port_ = 0;
};

TEST_F(ServerTest, AnswersARouteWithItsJson) {
  start();
  auto answer = testing::get(port_, "/hello");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->body, R"({"hello":"world"})");
  EXPECT_EQ(answer->header("Content-Type"), kJsonContentType);
  EXPECT_EQ(answer->header("Server"), "gt3-bypass");
  EXPECT_EQ(answer->header("Content-Length"), "17");
  EXPECT_EQ(answer->header("Connection"), "close");
  EXPECT_FALSE(answer->header("Date").empty());
}

TEST_F(ServerTest, UnknownPathIs404Json) {
  start();
  auto answer = testing::get(port_, "/nope");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 404);
  EXPECT_EQ(error_code_of(*answer), "not_found");
}

TEST_F(ServerTest, WrongMethodIs405JsonWithAllow) {
  start();
  RawConnection connection(port_);
  connection.send("DELETE /hello HTTP/1.1\r\nHost: t\r\n\r\n");
  auto answer = connection.read_answer();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 405);
  EXPECT_EQ(error_code_of(*answer), "method_not_allowed");
  EXPECT_EQ(answer->header("Allow"), "GET, HEAD");
}

TEST_F(ServerTest, DecodesTheQueryWithDuplicatesAndPlus) {
  start();
  auto answer = testing::get(port_, "/echo?a=1&a=2&b=x+y%21");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->body, R"([["a","1"],["a","2"],["b","x y!"]])");
}

TEST_F(ServerTest, MalformedEscapeInTheQueryIs400BadEncoding) {
  start();
  auto answer = testing::get(port_, "/echo?a=%zz");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 400);
  EXPECT_EQ(error_code_of(*answer), "bad_encoding");
}

TEST_F(ServerTest, DecodesAFormBody) {
  start();
  RawConnection connection(port_);
  connection.send(
      "POST /form HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
      "Content-Length: 15\r\n\r\nk=a+b&k=%C3%A9x");
  auto answer = connection.read_answer();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->body, "[[\"k\",\"a b\"],[\"k\",\"\xc3\xa9x\"]]");
}

TEST_F(ServerTest, MalformedEscapeInAFormIs400FromTheHandler) {
  start();
  RawConnection connection(port_);
  connection.send("POST /form HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\n\r\nk=%G1x");
  auto answer = connection.read_answer();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 400);
  EXPECT_EQ(error_code_of(*answer), "bad_encoding");
}

TEST_F(ServerTest, FillsInThePeerAddress) {
  start();
  auto answer = testing::get(port_, "/peer");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->body, R"("127.0.0.1")");
}

TEST_F(ServerTest, HeaderTooLargeIs431) {
  ServerOptions options;
  options.max_header_bytes = 1024;
  start(options);
  RawConnection connection(port_);
  connection.send("GET /hello HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(2000, 'x') +
                  "\r\n\r\n");
  auto answer = connection.read_answer();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 431);
  EXPECT_EQ(error_code_of(*answer), "header_too_large");
  EXPECT_TRUE(connection.closed_by_peer());
}

TEST_F(ServerTest, BodyTooLargeIs413) {
  ServerOptions options;
  options.max_body_bytes = 100;
  start(options);
  RawConnection connection(port_);
  connection.send("POST /form HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n");
  auto answer = connection.read_answer();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 413);
  EXPECT_EQ(error_code_of(*answer), "body_too_large");
  EXPECT_TRUE(connection.closed_by_peer());
}

TEST_F(ServerTest, BadRequestLineIs400) {
  start();
  RawConnection connection(port_);
  connection.send("NOT AN HTTP REQUEST\r\n\r\n");
  auto answer = connection.read_answer();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 400);
  EXPECT_EQ(error_code_of(*answer), "bad_request");
  EXPECT_TRUE(connection.closed_by_peer());
}

TEST_F(ServerTest, StalledRequestIs408AndClosed) {
  ServerOptions options;
  options.request_timeout = std::chrono::milliseconds(200);
  start(options);
  RawConnection connection(port_);
  connection.send("GET /hello HTTP/1.1\r\nHost: t\r\n");  // and never the blank line
  auto answer = connection.read_answer();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 408);
  EXPECT_EQ(error_code_of(*answer), "request_timeout");
  EXPECT_EQ(answer->header("Connection"), "close");
  EXPECT_TRUE(connection.closed_by_peer());
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  start();
  RawConnection connection(port_);
  connection.send("GET /echo?n=1 HTTP/1.1\r\nHost: t\r\n\r\n");
  auto first = connection.read_answer();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->header("Connection"), "keep-alive");
  connection.send("GET /echo?n=2 HTTP/1.1\r\nHost: t\r\n\r\n");
  auto second = connection.read_answer();
  ASSERT_TRUE(second);
  EXPECT_EQ(first->body, R"([["n","1"]])");
  EXPECT_EQ(second->body, R"([["n","2"]])");
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  start();
  RawConnection connection(port_);
  connection.send(
      "GET /echo?n=1 HTTP/1.1\r\nHost: t\r\n\r\n"
      "POST /form HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nn=2"
      "GET /echo?n=3 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  auto first = connection.read_answer();
  auto second = connection.read_answer();
  auto third = connection.read_answer();
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(first->body, R"([["n","1"]])");
  EXPECT_EQ(second->body, R"([["n","2"]])");
  EXPECT_EQ(third->body, R"([["n","3"]])");
  EXPECT_TRUE(connection.closed_by_peer());
}

TEST_F(ServerTest, HeadAnswersTheHeadersOfGetWithoutTheBody) {
  start();
  RawConnection connection(port_);
  connection.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n");
  auto head = connection.read_answer(/*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("Content-Length"), "17");
  // Had a body been sent, it would be read as the start of the next answer.
  connection.send("GET /echo?n=1 HTTP/1.1\r\nHost: t\r\n\r\n");
  auto next = connection.read_answer();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(next->body, R"([["n","1"]])");
}

TEST_F(ServerTest, HandlerExceptionIs500AndTheServerKeepsServing) {
  start();
  RawConnection connection(port_);
  connection.send("GET /throw HTTP/1.1\r\nHost: t\r\n\r\n");
  auto failed = connection.read_answer();
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, 500);
  EXPECT_EQ(error_code_of(*failed), "internal_error");
  connection.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
  auto next = connection.read_answer();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(testing::get(port_, "/hello")->status, 200);
}

TEST_F(ServerTest, DropClosesTheConnectionWithoutAnAnswer) {
  start();
  RawConnection connection(port_);
  connection.send("GET /drop HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_FALSE(connection.read_answer());
  EXPECT_TRUE(connection.closed_by_peer());
  EXPECT_EQ(testing::get(port_, "/hello")->status, 200);
}

TEST_F(ServerTest, AWaitingHandlerDoesNotBlockOtherConnections) {
  start({}, /*threads=*/1);
  RawConnection waiting(port_);
  waiting.send("GET /gate HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(gate_.wait_for_arrivals(1));
  // The only I/O thread is free while the handler waits.
  auto other = testing::get(port_, "/hello");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
  gate_.open();
  auto answer = waiting.read_answer();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->body, R"({"gate":"passed"})");
}

TEST_F(ServerTest, PausedServerRefusesConnectionsAndClosesIdleOnes) {
  start();
  RawConnection idle(port_);
  idle.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(idle.read_answer());
  server_->pause_accepting();
  RawConnection refused(port_);
  EXPECT_FALSE(refused.connected());
  EXPECT_EQ(refused.connect_errno(), ECONNREFUSED);
  EXPECT_TRUE(idle.closed_by_peer());
}

TEST_F(ServerTest, PauseLetsARequestInFlightFinish) {
  start();
  RawConnection busy(port_);
  busy.send("GET /gate HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(gate_.wait_for_arrivals(1));
  server_->pause_accepting();
  gate_.open();
  auto answer = busy.read_answer();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->header("Connection"), "close");
  EXPECT_TRUE(busy.closed_by_peer());
}

TEST_F(ServerTest, ResumedServerAnswersOnTheSamePort) {
  start();
  ASSERT_EQ(testing::get(port_, "/hello")->status, 200);  // leaves a TIME_WAIT behind
  server_->pause_accepting();
  ASSERT_FALSE(RawConnection(port_).connected());
  auto resumed = server_->resume_accepting();
  ASSERT_TRUE(resumed) << resumed.error().detail;
  EXPECT_EQ(server_->port(), port_);
  auto answer = testing::get(port_, "/hello");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
}

TEST_F(ServerTest, StopLetsARequestInFlightFinishAndRefusesNewOnes) {
  start();
  RawConnection busy(port_);
  busy.send("GET /gate HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(gate_.wait_for_arrivals(1));
  server_->stop();
  EXPECT_EQ(RawConnection(port_).connect_errno(), ECONNREFUSED);
  gate_.open();
  auto answer = busy.read_answer();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->header("Connection"), "close");
  EXPECT_TRUE(busy.closed_by_peer());
}

TEST_F(ServerTest, StopClosesIdleConnectionsAndIsIdempotent) {
  start();
  RawConnection idle(port_);
  idle.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(idle.read_answer());
  server_->stop();
  server_->stop();
  EXPECT_TRUE(idle.closed_by_peer());
}

TEST_F(ServerTest, StopFromAHandlerDoesNotDeadlock) {
  router_.add(Method::kPost, "/stop", [this](const Request&) -> asio::awaitable<Response> {
    server_->stop();
    co_return Response::json(200, "{}");
  });
  start({}, /*threads=*/1);
  RawConnection connection(port_);
  connection.send("POST /stop HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
  auto answer = connection.read_answer();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->header("Connection"), "close");
}

TEST_F(ServerTest, PauseAndResumeFromAHandlerDoNotDeadlock) {
  router_.add(Method::kPost, "/bounce", [this](const Request&) -> asio::awaitable<Response> {
    server_->pause_accepting();
    auto resumed = server_->resume_accepting();
    co_return Response::json(resumed ? 200 : 500, "{}");
  });
  start({}, /*threads=*/1);
  RawConnection connection(port_);
  connection.send("POST /bounce HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
  auto answer = connection.read_answer();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(testing::get(port_, "/hello")->status, 200);
}

TEST_F(ServerTest, ShutdownGraceClosesAHandlerThatNeverAnswers) {
  ServerOptions options;
  options.shutdown_grace = std::chrono::milliseconds(50);
  start(options);
  RawConnection busy(port_);
  busy.send("GET /gate HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(gate_.wait_for_arrivals(1));
  server_->stop();
  EXPECT_TRUE(busy.closed_by_peer());
  gate_.open();
}

TEST(ServerStart, UnusableListenAddressIsAnErrorNamingIt) {
  IoThreads io(1);
  for (std::string listen : {"nonsense", "127.0.0.1:99999", "not-an-ip:80", "::1:80"}) {
    ServerOptions options;
    options.listen = listen;
    HttpServer server(io.context(), options, Router{});
    auto started = server.start();
    ASSERT_FALSE(started) << listen;
    EXPECT_NE(started.error().detail.find(listen), std::string::npos) << started.error().detail;
  }
}

TEST(ServerStart, PortInUseIsAnError) {
  IoThreads io(1);
  HttpServer first(io.context(), {}, Router{});
  ASSERT_TRUE(first.start());
  ServerOptions options;
  options.listen = "127.0.0.1:" + std::to_string(first.port());
  HttpServer second(io.context(), options, Router{});
  EXPECT_FALSE(second.start());
}

TEST(ServerStart, ListensOnIpv6Loopback) {
  IoThreads io(1);
  ServerOptions options;
  options.listen = "[::1]:0";
  HttpServer server(io.context(), options, Router{});
  auto started = server.start();
  if (!started) GTEST_SKIP() << "no IPv6 here: " << started.error().detail;
  EXPECT_NE(server.port(), 0);
}

}  // namespace
}  // namespace gt3::http
