// The server against clients that try to exhaust it: a slowloris that trickles its headers and
// more connections than max_connections. Real sockets on loopback; every wait is on an answer,
// a close or the server's connection count, never on the clock.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "http/io_threads.h"
#include "http/raw_connection.h"
#include "http/server.h"

namespace gt3::http {
namespace {

namespace asio = boost::asio;
using testing::RawConnection;

class ServerLimitsTest : public ::testing::Test {
 protected:
  ServerLimitsTest() {
    router_.add(Method::kGet, "/hello", [](const Request&) -> asio::awaitable<Response> {
      co_return Response::json(200, R"({"hello":"world"})");
    });
  }
  ~ServerLimitsTest() override {
    server_.reset();
    io_.reset();
  }

  void start(ServerOptions options) {
    io_ = std::make_unique<IoThreads>(2);
    server_ = std::make_unique<HttpServer>(io_->context(), std::move(options), router_);
    auto started = server_->start();
    ASSERT_TRUE(started) << started.error().detail;
    port_ = server_->port();
  }

  // A keep-alive request on `connection`, answered.
  static bool answered(RawConnection& connection) {
    connection.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
    auto answer = connection.read_answer();
    return answer && answer->status == 200;
  }

  Router router_;
  std::unique_ptr<IoThreads> io_;
  std::unique_ptr<HttpServer> server_;
  std::uint16_t port_ = 0;
};

TEST_F(ServerLimitsTest, SlowlorisIsAnswered408WhileOtherClientsAreServed) {
  ServerOptions options;
  options.request_timeout = std::chrono::milliseconds(300);
  options.max_header_bytes = 1024 * 1024;  // so that only the deadline can end the trickle
  start(options);
  RawConnection slow(port_);
  slow.send("GET /hello HTTP/1.1\r\nHost: t\r\nX-Slow: ");
  // One header byte, then a whole request of another client, until the slow one hears back.
  int others_served = 0;
  for (int i = 0; i < 500'000 && !slow.readable_now(); ++i) {
    slow.send("a");
    auto other = testing::get(port_, "/hello");
    ASSERT_TRUE(other);
    ASSERT_EQ(other->status, 200);
    ++others_served;
  }
  auto answer = slow.read_answer();
  ASSERT_TRUE(answer) << "the slow client was never answered";
  EXPECT_EQ(answer->status, 408);
  EXPECT_EQ(nlohmann::json::parse(answer->body).value("error", ""), "request_timeout");
  EXPECT_TRUE(slow.closed_by_peer());
  EXPECT_GT(others_served, 0);
}

TEST_F(ServerLimitsTest, ASilentConnectionIsClosedAfterTheRequestTimeout) {
  ServerOptions options;
  options.request_timeout = std::chrono::milliseconds(200);
  start(options);
  RawConnection silent(port_);  // connects and never sends a byte
  EXPECT_TRUE(silent.closed_by_peer());  // silently: nothing was asked, nothing is answered
  EXPECT_EQ(testing::get(port_, "/hello")->status, 200);
}

TEST_F(ServerLimitsTest, HoldsAtMostMaxConnectionsAndServesTheQueuedOnesAsSlotsFree) {
  constexpr std::size_t kMax = 4;
  ServerOptions options;
  options.max_connections = kMax;
  start(options);
  std::vector<std::unique_ptr<RawConnection>> held;
  for (std::size_t i = 0; i < kMax; ++i) {
    held.push_back(std::make_unique<RawConnection>(port_));
    ASSERT_TRUE(answered(*held.back()));  // accepted, and kept open (keep-alive)
  }
  EXPECT_EQ(server_->connection_count(), kMax);

  // Three more: the kernel completes their handshakes, the server does not take them.
  std::vector<std::unique_ptr<RawConnection>> queued;
  for (int i = 0; i < 3; ++i) {
    queued.push_back(std::make_unique<RawConnection>(port_));
    ASSERT_TRUE(queued.back()->connected());
    queued.back()->send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
  }
  ASSERT_TRUE(answered(*held.front()));  // the held ones are still served
  EXPECT_EQ(server_->connection_count(), kMax);
  for (auto& connection : queued) EXPECT_FALSE(connection->readable_now());

  // One goes: the first in the queue takes its slot and is answered; still at most kMax.
  held.front().reset();
  auto first = queued.front()->read_answer();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_LE(server_->connection_count(), kMax);

  // The rest go: everyone waiting is answered, and so is a fresh client.
  held.clear();
  for (std::size_t i = 1; i < queued.size(); ++i) {
    auto answer = queued[i]->read_answer();
    ASSERT_TRUE(answer) << "queued connection " << i;
    EXPECT_EQ(answer->status, 200);
  }
  EXPECT_LE(server_->connection_count(), kMax);
  queued.clear();
  auto fresh = testing::get(port_, "/hello");
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->status, 200);
}

TEST_F(ServerLimitsTest, StopEndsAnAcceptLoopWaitingForASlot) {
  ServerOptions options;
  options.max_connections = 1;
  start(options);
  RawConnection held(port_);
  ASSERT_TRUE(answered(held));
  RawConnection queued(port_);
  queued.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
  server_->stop();
  EXPECT_TRUE(held.closed_by_peer());
  EXPECT_FALSE(queued.read_answer());  // closed with the listening socket, never answered
}

}  // namespace
}  // namespace gt3::http
