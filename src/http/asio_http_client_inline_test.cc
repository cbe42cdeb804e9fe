// AsioHttpClient's inline exchange (asio_http_client_inline.cc): calls sent from the thread that
// runs the client's only lane, on a connection pooled by a first call, as the service's routes
// make them. What the reuse tests do not reach there: deadlines, shutdown, answers in pieces,
// statuses and limits on a reused connection.
#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gt3/asio_http_client.h"
#include "testing/client_support.h"
#include "testing/guarded.h"
#include "testing/http_peer.h"

namespace gt3 {
namespace {

using namespace std::chrono_literals;
using testing::describe;
using testing::fetch_from;
using testing::get;
using testing::kSafetyNet;
using testing::reason_of;
using testing::TestingPeer;
using tcp = boost::asio::ip::tcp;

// Answers the first request on the first connection with 200, then hands every later request
// on it to `then`; later connections are served normally.
template <typename Then>
auto after_one_answer(Then then) {
  return [then](tcp::socket& socket) {
    boost::beast::flat_buffer buffer;
    if (!TestingPeer::read_request(socket, buffer)) return;
    TestingPeer::write_response(socket, TestingPeer::answer(200, "{}"));
    then(socket, buffer);
  };
}

class AsioHttpClientInlineTest : public ::testing::Test {
 protected:
  HttpOutcome fetch(AsioHttpClient& client, HttpRequest request) {
    return fetch_from(io_.context(), client, std::move(request));
  }
  testing::ClientIo io_{1, 1};  // one thread, and the hint that says so: the client's lane
};

TEST_F(AsioHttpClientInlineTest, AReusedConnectionThatNeverAnswersTimesOut) {
  TestingPeer peer(after_one_answer([](tcp::socket& socket, boost::beast::flat_buffer& buffer) {
    if (TestingPeer::read_request(socket, buffer)) TestingPeer::wait_until_closed(socket);
  }));
  AsioHttpClient client(io_.context());
  ASSERT_TRUE(fetch(client, get(peer.url("/"))));

  EXPECT_EQ(reason_of(fetch(client, get(peer.url("/"), 200ms))), Reason::kTimeout);
  EXPECT_EQ(client.stats().requests_on_reused_connections, 1u);
}

TEST_F(AsioHttpClientInlineTest, ShutdownCompletesAReusedCallInFlightWithCancelledOnce) {
  std::promise<void> second_arrived;
  TestingPeer peer(after_one_answer([&](tcp::socket& socket, boost::beast::flat_buffer& buffer) {
    if (!TestingPeer::read_request(socket, buffer)) return;
    second_arrived.set_value();
    TestingPeer::wait_until_closed(socket);
  }));
  AsioHttpClient client(io_.context());
  ASSERT_TRUE(fetch(client, get(peer.url("/"))));

  testing::Guarded<std::vector<HttpOutcome>> outcomes{kSafetyNet};
  boost::asio::post(io_.context(), [&] {
    client.send(get(peer.url("/")), [&](HttpOutcome outcome) {
      outcomes.update([&](auto& all) { all.push_back(std::move(outcome)); });
    });
  });
  ASSERT_EQ(second_arrived.get_future().wait_for(kSafetyNet), std::future_status::ready);
  client.shutdown();

  ASSERT_TRUE(outcomes.wait_until([](const auto& all) { return !all.empty(); }));
  const auto all = outcomes.get();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(reason_of(all.front()), Reason::kCancelled);
}

// The answer's head and body arrive apart: read on until it is whole.
TEST_F(AsioHttpClientInlineTest, AnAnswerInPiecesIsReadWhole) {
  TestingPeer peer(after_one_answer([](tcp::socket& socket, boost::beast::flat_buffer& buffer) {
    if (!TestingPeer::read_request(socket, buffer)) return;
    const std::string head =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 14\r\n\r\n";
    TestingPeer::write_raw(socket, head + "{\"a\":");
    std::this_thread::sleep_for(20ms);  // a pace, so that the client reads twice; not a wait
    TestingPeer::write_raw(socket, "\"pieces\"}");
    TestingPeer::wait_until_closed(socket);
  }));
  AsioHttpClient client(io_.context());
  ASSERT_TRUE(fetch(client, get(peer.url("/"))));

  const HttpOutcome outcome = fetch(client, get(peer.url("/")));

  ASSERT_TRUE(outcome) << describe(outcome);
  EXPECT_EQ(outcome->body, "{\"a\":\"pieces\"}");
}

// A 503 is the cloud's answer, not a broken connection: kHttpStatus, and the connection serves on.
TEST_F(AsioHttpClientInlineTest, AStatusOnAReusedConnectionIsHttpStatusAndTheConnectionServesOn) {
  TestingPeer peer(after_one_answer([](tcp::socket& socket, boost::beast::flat_buffer& buffer) {
    if (!TestingPeer::read_request(socket, buffer)) return;
    TestingPeer::write_response(socket, TestingPeer::answer(503, "busy"));
    TestingPeer::serve_keep_alive(socket, "{}");
  }));
  AsioHttpClient client(io_.context());
  ASSERT_TRUE(fetch(client, get(peer.url("/"))));

  const HttpOutcome refused = fetch(client, get(peer.url("/")));
  const HttpOutcome served = fetch(client, get(peer.url("/")));

  EXPECT_EQ(reason_of(refused), Reason::kHttpStatus);
  if (!refused) {
    EXPECT_EQ(refused.error().status, 503);
  }
  EXPECT_TRUE(served) << describe(served);
  EXPECT_EQ(peer.accepts(), 1);
  EXPECT_EQ(client.stats().requests_on_reused_connections, 2u);
}

TEST_F(AsioHttpClientInlineTest, ABodyOverTheLimitOnAReusedConnectionIsBadBody) {
  TestingPeer peer(after_one_answer([](tcp::socket& socket, boost::beast::flat_buffer& buffer) {
    if (!TestingPeer::read_request(socket, buffer)) return;
    TestingPeer::write_response(socket, TestingPeer::answer(200, std::string(300, 'x')));
    TestingPeer::wait_until_closed(socket);
  }));
  AsioHttpClientOptions options;
  options.max_response_bytes = 100;
  AsioHttpClient client(io_.context(), options);
  ASSERT_TRUE(fetch(client, get(peer.url("/"))));

  EXPECT_EQ(reason_of(fetch(client, get(peer.url("/")))), Reason::kBadBody);
  EXPECT_EQ(client.stats().requests_on_reused_connections, 1u);
}

}  // namespace
}  // namespace gt3
