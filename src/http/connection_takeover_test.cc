// The fault injection hook (http/connection_takeover.h) as the server honours it: the writer's
// bytes instead of an answer, then a close; nothing at all for close_without_answer(). Real
// sockets on loopback; the cloud simulator's faults built on it are tested in src/cloudsim.
#include "http/connection_takeover.h"

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <stdexcept>
#include <string>

#include "testing/raw_connection.h"
#include "testing/server_fixture.h"

namespace gt3::http {
namespace {

namespace asio = boost::asio;
using testing::RawConnection;

class ConnectionTakeoverTest : public testing::ServerTest {
 protected:
  void answer(std::string_view path, Response response) {
    router_.add(Method::kGet, std::string(path),
                [response](const Request&) -> asio::awaitable<Response> { co_return response; });
  }
};

TEST(ConnectionTakeover, NormalAnswersCarryNone) {
  EXPECT_EQ(Response{}.takeover, nullptr);
  EXPECT_EQ(Response::json(200, "{}").takeover, nullptr);
  EXPECT_EQ(Response::error(404, "not_found", "no such page").takeover, nullptr);
}

TEST(ConnectionTakeover, CloseWithoutAnswerIsOneSharedInstance) {
  EXPECT_NE(close_without_answer().takeover, nullptr);
  EXPECT_EQ(close_without_answer().takeover, close_without_answer().takeover);
}

TEST_F(ConnectionTakeoverTest, TheWritersBytesAreAllThePeerGetsThenTheConnectionCloses) {
  // Not an answer the server would write: no Date, no Server, a status it never sends.
  answer("/raw", take_over_connection([](asio::ip::tcp::socket& socket) -> asio::awaitable<void> {
           static constexpr std::string_view kRaw =
               "HTTP/1.1 299 Raw\r\nContent-Length: 3\r\nX-Raw: yes\r\n\r\nabc";
           co_await asio::async_write(socket, asio::buffer(kRaw.data(), kRaw.size()),
                                      asio::as_tuple(asio::use_awaitable));
         }));
  start();
  RawConnection connection(port_);
  connection.send("GET /raw HTTP/1.1\r\nHost: t\r\n\r\n");
  auto raw = connection.read_answer();
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->status, 299);
  EXPECT_EQ(raw->body, "abc");
  EXPECT_EQ(raw->header("X-Raw"), "yes");
  EXPECT_EQ(raw->header("Server"), "");
  EXPECT_EQ(raw->header("Date"), "");
  EXPECT_TRUE(connection.closed_by_peer());  // although the request was keep-alive
}

TEST_F(ConnectionTakeoverTest, AWriterThatThrowsClosesItsConnectionOnly) {
  answer("/throw-raw", take_over_connection([](asio::ip::tcp::socket&) -> asio::awaitable<void> {
           throw std::runtime_error("writer bug");
           co_return;
         }));
  start();
  RawConnection connection(port_);
  connection.send("GET /throw-raw HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_FALSE(connection.read_answer());
  EXPECT_TRUE(connection.closed_by_peer());
  EXPECT_EQ(testing::get(port_, "/hello")->status, 200);
}

}  // namespace
}  // namespace gt3::http
