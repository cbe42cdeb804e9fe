// The server against clients that try to exhaust it: a slowloris that trickles its headers and
// more connections than max_connections. Real sockets on loopback; every wait is on an answer,
// a close or the server's connection count, never on the clock.
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
#include <thread>
#include <vector>

#include "http/io_threads.h"
#include "http/server.h"
#include "testing/handler_gate.h"
#include "testing/raw_connection.h"

namespace gt3::http {
namespace {

namespace asio = boost::asio;
using testing::Gate;
using testing::RawConnection;

class ServerLimitsTest : public ::testing::Test {
 protected:
  ServerLimitsTest() {
    router_.add(Method::kGet, "/hello", [](const Request&) -> asio::awaitable<Response> {
      co_return Response::json(200, R"({"hello":"world"})");
    });
    router_.add(Method::kGet, "/gate", [this](const Request&) -> asio::awaitable<Response> {
      co_await gate_.wait();
      co_return Response::json(200, R"({"gate":"passed"})");
    });
  }
  ~ServerLimitsTest() override {
    gate_.open();
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
  Gate gate_;
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

// A trickle so fast that the deadline often passes while the server is between two reads of
// the request (the last read done, the next not yet started): it must end the request all the
// same. Several rounds, as the moment the deadline falls at differs from one to the next.
TEST_F(ServerLimitsTest, AFastTrickleIsCutOffAtTheDeadlineWheneverItFalls) {
  ServerOptions options;
  options.request_timeout = std::chrono::milliseconds(20);
  options.max_header_bytes = 1024 * 1024;  // so that only the deadline can end the trickle
  start(options);
  for (int round = 0; round < 20; ++round) {
    RawConnection slow(port_);
    slow.send("GET /hello HTTP/1.1\r\nHost: t\r\nX-Slow: ");
    int sent = 0;
    for (; sent < 500'000 && !slow.readable_now(); ++sent) slow.send("a");
    auto answer = slow.read_answer();
    ASSERT_TRUE(answer) << "round " << round << ": never answered, " << sent << " bytes sent";
    EXPECT_EQ(answer->status, 408) << "round " << round << ", " << sent << " bytes sent";
  }
}

TEST_F(ServerLimitsTest, ASilentConnectionIsClosedAfterTheRequestTimeout) {
  ServerOptions options;
  options.request_timeout = std::chrono::milliseconds(200);
  start(options);
  RawConnection silent(port_);           // connects and never sends a byte
  EXPECT_TRUE(silent.closed_by_peer());  // silently: nothing was asked, nothing is answered
  EXPECT_EQ(testing::get(port_, "/hello")->status, 200);
}

// The answer's first bytes go out at once (write_now); the rest waits on the client under the
// request_timeout deadline, which a client that never reads must not outlive.
TEST_F(ServerLimitsTest, AClientThatNeverReadsALargeAnswerIsCutOffAtTheRequestTimeout) {
  const std::string big(64 << 20, 'b');  // more than both sockets' buffers hold
  router_.add(Method::kGet, "/big", [&big](const Request&) -> asio::awaitable<Response> {
    co_return Response::json(200, big);
  });
  ServerOptions options;
  options.request_timeout = std::chrono::milliseconds(200);
  start(options);
  RawConnection reader_that_never_reads(port_);
  reader_that_never_reads.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n");
  // Awaited on the server's count, accepted then closed (bounded polls): reading would let the
  // answer through.
  const auto count_becomes = [this](std::size_t count) {
    for (int i = 0; i < 2000; ++i) {
      if (server_->connection_count() == count) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  };
  ASSERT_TRUE(count_becomes(1)) << "the connection was not accepted within 10 s";
  ASSERT_TRUE(count_becomes(0)) << "the server still holds the connection after 10 s";
  const std::string received = reader_that_never_reads.read_to_end();
  EXPECT_LT(received.size(), big.size());
  EXPECT_EQ(testing::get(port_, "/hello")->status, 200);
}

TEST_F(ServerLimitsTest, AtTheCapTheConnectionWaitingLongestMakesRoomForANewcomer) {
  ServerOptions options;
  options.max_connections = 2;
  options.request_timeout = std::chrono::seconds(60);  // only the cap can free a slot here
  start(options);
  RawConnection oldest(port_);
  ASSERT_TRUE(answered(oldest));  // accepted; now idle on keep-alive
  RawConnection slow(port_);
  ASSERT_TRUE(answered(slow));
  slow.send("GET /hello HTTP/1.1\r\nHost: t\r\n");  // a request it does not finish yet
  EXPECT_EQ(server_->connection_count(), 2u);

  auto fresh = testing::get(port_, "/hello");
  ASSERT_TRUE(fresh) << "the newcomer was not served while the cap was held";
  EXPECT_EQ(fresh->status, 200);
  EXPECT_TRUE(oldest.closed_by_peer());  // the one that waited longest made room
  EXPECT_LE(server_->connection_count(), 2u);
  slow.send("\r\n");  // the other one was kept, and its request is answered
  auto finished = slow.read_answer();
  ASSERT_TRUE(finished);
  EXPECT_EQ(finished->status, 200);
}

TEST_F(ServerLimitsTest, WhenEveryConnectionIsBusyANewcomerWaitsUntilOneIsFree) {
  ServerOptions options;
  options.max_connections = 2;
  start(options);
  RawConnection busy1(port_), busy2(port_);
  busy1.send("GET /gate HTTP/1.1\r\nHost: t\r\n\r\n");
  busy2.send("GET /gate HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(gate_.wait_for_arrivals(2));

  RawConnection queued(port_);  // accepted (or in the backlog), not served yet
  ASSERT_TRUE(queued.connected());
  queued.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(server_->connection_count(), 2u);
  EXPECT_FALSE(queued.readable_now());

  gate_.open();
  for (RawConnection* busy : {&busy1, &busy2}) {
    auto answer = busy->read_answer();
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 200);
  }
  auto answer = queued.read_answer();  // served once a slot could be made
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_LE(server_->connection_count(), 2u);
  auto fresh = testing::get(port_, "/hello");
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->status, 200);
}

TEST_F(ServerLimitsTest, ANewcomerIsServedAmidAFloodLargerThanTheCap) {
  constexpr int kCap = 20;
  ServerOptions options;
  options.max_connections = kCap;
  options.request_timeout = std::chrono::seconds(60);
  start(options);
  std::vector<std::unique_ptr<RawConnection>> flood;
  for (int i = 0; i < 3 * kCap; ++i) {  // silent connections, three times the cap
    flood.push_back(std::make_unique<RawConnection>(port_));
    ASSERT_TRUE(flood.back()->connected());
  }
  auto fresh = testing::get(port_, "/hello");
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->status, 200);
  EXPECT_LE(server_->connection_count(), static_cast<std::size_t>(kCap));
}

TEST_F(ServerLimitsTest, StopEndsAnAcceptLoopWaitingForASlot) {
  ServerOptions options;
  options.max_connections = 1;
  options.shutdown_grace = std::chrono::milliseconds(50);
  start(options);
  RawConnection busy(port_);
  busy.send("GET /gate HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(gate_.wait_for_arrivals(1));
  RawConnection queued(port_);
  queued.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
  server_->stop();
  EXPECT_TRUE(busy.closed_by_peer());  // after the grace period, unanswered
  EXPECT_FALSE(queued.read_answer());  // never accepted, reset with the listening socket
}

}  // namespace
}  // namespace gt3::http
