// The HttpServer's life: pause_accepting(), resume_accepting() and stop(), from outside and
// from a handler, with requests in flight and idle connections; and start()'s errors. Real
// sockets on loopback; every wait is on an answer, a close or a handler's arrival.
#include <gtest/gtest.h>

#include <boost/asio/awaitable.hpp>
#include <cerrno>
#include <string>

#include "http/io_threads.h"
#include "http/server.h"
#include "testing/raw_connection.h"
#include "testing/server_fixture.h"

namespace gt3::http {
namespace {

namespace asio = boost::asio;
using testing::RawConnection;
using testing::ServerTest;

// A request that was in flight when the server began to close, once its handler has answered:
// answered in full, told Connection: close, then closed.
void expect_last_answer(RawConnection& busy) {
  auto answer = busy.read_answer();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->header("Connection"), "close");
  EXPECT_TRUE(busy.closed_by_peer());
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
  expect_last_answer(busy);
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
  expect_last_answer(busy);
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
