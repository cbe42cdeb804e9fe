// The HttpServer answering requests: routing, decoding, error answers, keep-alive and
// pipelining, HEAD, failing handlers. Real sockets on loopback (testing/server_fixture.h); its
// pause, resume and stop are in server_lifecycle_test.cc.
#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "testing/raw_connection.h"
#include "testing/server_fixture.h"

namespace gt3::http {
namespace {

using testing::RawConnection;
using testing::ServerTest;

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

// The server's own answers reach on_server_answer (the service counts them); a route's do not.
TEST_F(ServerTest, ItsOwnAnswersAreToldWithTheirStatusAndTarget) {
  std::mutex mutex;
  std::vector<std::tuple<int, std::string, std::string>> told;
  ServerOptions options;
  options.max_body_bytes = 100;
  options.on_server_answer = [&](const ServerAnswer& answer) {
    std::lock_guard lock(mutex);
    told.emplace_back(answer.status, std::string(answer.method), std::string(answer.target));
  };
  start(options);
  RawConnection routed(port_);
  routed.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(routed.read_answer());
  RawConnection connection(port_);
  connection.send("POST /form HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n");
  auto answer = connection.read_answer();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 413);
  std::lock_guard lock(mutex);
  EXPECT_EQ(told, (std::vector<std::tuple<int, std::string, std::string>>{{413, "POST", "/form"}}));
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

// A request in pieces: what the first read holds is parsed at once, the rest read on (the
// pieces may also arrive together; the answer is the same either way).
TEST_F(ServerTest, ARequestSentInPiecesIsReadWhole) {
  start();
  RawConnection connection(port_);
  for (const char* piece : {"POST /form HTTP/1.1\r\nHost: t\r\nCont", "ent-Length: 9\r\n\r\nk=a",
                            "bc&n=1GET /echo?n=2 HTTP/1.1\r\n", "Host: t\r\n\r\n"}) {
    connection.send(piece);
  }
  auto first = connection.read_answer();
  auto second = connection.read_answer();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->body, R"([["k","abc"],["n","1"]])");
  EXPECT_EQ(second->body, R"([["n","2"]])");
}

// The connection's first read takes at most 4 KiB: the rest of this body comes with later reads,
// whichever way TCP delivers it.
TEST_F(ServerTest, ABodyLongerThanTheFirstReadIsReadWhole) {
  start();
  RawConnection connection(port_);
  const std::string value(9000, 'v');
  connection.send("POST /form HTTP/1.1\r\nHost: t\r\nContent-Length: " +
                  std::to_string(value.size() + 2) + "\r\n\r\nk=" + value);
  auto answer = connection.read_answer();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->body, R"([["k",")" + value + R"("]])");
}

// An answer larger than the socket takes at once: what write_now() leaves goes out through the
// queue, and the connection serves on.
TEST_F(ServerTest, AnAnswerLargerThanTheSocketTakesAtOnceArrivesWhole) {
  std::string big(16 << 20, 'b');
  for (std::size_t i = 0; i < big.size(); i += 4096)
    big[i] = static_cast<char>('a' + i / 4096 % 26);
  router_.add(Method::kGet, "/big", [&big](const Request&) -> boost::asio::awaitable<Response> {
    co_return Response::json(200, big);
  });
  start();
  RawConnection connection(port_);
  connection.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
  auto first = connection.read_answer();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_TRUE(first->body == big) << "got " << first->body.size() << " bytes";
  connection.send("GET /echo?n=3 HTTP/1.1\r\nHost: t\r\n\r\n");
  auto second = connection.read_answer();
  auto third = connection.read_answer();
  ASSERT_TRUE(second && third);
  EXPECT_EQ(second->body, R"({"hello":"world"})");
  EXPECT_EQ(third->body, R"([["n","3"]])");
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

// The thread each request of /thread ran on, as text.
void add_thread_route(Router& router) {
  router.add(Method::kGet, "/thread", [](const Request&) -> boost::asio::awaitable<Response> {
    std::ostringstream id;
    id << std::this_thread::get_id();
    co_return Response::json(200, nlohmann::json(id.str()).dump());
  });
}

TEST_F(ServerTest, AContextPerThreadKeepsEachConnectionOnOneThreadAndUsesThemAll) {
  add_thread_route(router_);
  start({}, 2, http::IoThreads::Layout::kContextPerThread);
  std::vector<std::unique_ptr<RawConnection>> connections;
  for (int i = 0; i < 4; ++i) connections.push_back(std::make_unique<RawConnection>(port_));
  std::set<std::string> all_threads;
  for (auto& connection : connections) {
    std::set<std::string> threads;
    for (int i = 0; i < 5; ++i) {
      connection->send("GET /thread HTTP/1.1\r\nHost: t\r\n\r\n");
      auto answer = connection->read_answer();
      ASSERT_TRUE(answer);
      ASSERT_EQ(answer->status, 200);
      threads.insert(answer->body);
    }
    EXPECT_EQ(threads.size(), 1u);  // a connection never changes threads
    all_threads.insert(threads.begin(), threads.end());
  }
  EXPECT_EQ(all_threads.size(), 2u);  // connections go to each context in turn
}

TEST_F(ServerTest, ASharedContextServesKeepAliveConnectionsOnStrands) {
  add_thread_route(router_);
  start({}, 2, http::IoThreads::Layout::kShared);
  RawConnection connection(port_);
  for (int i = 0; i < 3; ++i) {
    connection.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n");
    auto answer = connection.read_answer();
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->body, R"({"hello":"world"})");
    EXPECT_EQ(answer->header("Connection"), "keep-alive");
  }
}

}  // namespace
}  // namespace gt3::http
