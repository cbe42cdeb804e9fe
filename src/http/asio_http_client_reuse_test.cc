// AsioHttpClient's keep-alive pool against in-test peers: connections reused, replaced when the
// peer closed them, not reused past idle_timeout, and a request retried on a fresh connection
// only when the peer cannot have acted on it (a GET, or a request never sent). Each test runs
// twice: send() called from another thread, and from the thread that runs the client's only
// lane, as the service's routes call it (a pooled connection is then used by the inline
// exchange, asio_http_client_inline.cc).
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <ostream>
#include <string>

#include "gt3/asio_http_client.h"
#include "testing/client_support.h"
#include "testing/http_peer.h"

namespace gt3 {
namespace {

using namespace std::chrono_literals;
using testing::describe;
using testing::get;
using testing::kSafetyNet;
using testing::post;
using testing::reason_of;
using testing::TestingPeer;
using tcp = boost::asio::ip::tcp;

enum class Caller { kOtherThread, kLaneThread };

void PrintTo(Caller caller, std::ostream* os) {
  *os << (caller == Caller::kLaneThread ? "the lane's thread" : "another thread");
}

class AsioHttpClientReuseTest : public ::testing::TestWithParam<Caller> {
 protected:
  HttpOutcome fetch(HttpClient& client, HttpRequest request) {
    if (GetParam() == Caller::kLaneThread) {
      return testing::fetch_from(io_.context(), client, std::move(request));
    }
    return testing::fetch(client, std::move(request));
  }

  // A lane run by one thread, told so by its hint, as the service's are.
  testing::ClientIo io_{1, GetParam() == Caller::kLaneThread ? 1 : BOOST_ASIO_CONCURRENCY_HINT_DEFAULT};
};

std::string caller_name(const ::testing::TestParamInfo<Caller>& caller) {
  return caller.param == Caller::kLaneThread ? "FromTheLane" : "FromAnotherThread";
}

INSTANTIATE_TEST_SUITE_P(Callers, AsioHttpClientReuseTest,
                         ::testing::Values(Caller::kOtherThread, Caller::kLaneThread), caller_name);

TEST_P(AsioHttpClientReuseTest, SequentialGetsToAKeepAlivePeerShareOneConnection) {
  TestingPeer peer([](tcp::socket& socket) { TestingPeer::serve_keep_alive(socket, "{}"); });
  AsioHttpClient client(io_.context());

  for (int i = 0; i < 5; ++i) {
    const HttpOutcome outcome = fetch(client, get(peer.url("/")));
    ASSERT_TRUE(outcome) << describe(outcome);
  }

  EXPECT_EQ(peer.accepts(), 1);
  EXPECT_EQ(client.stats().connections_opened, 1u);
  EXPECT_EQ(client.stats().requests_on_reused_connections, 4u);
}

TEST_P(AsioHttpClientReuseTest, PeerThatClosesAfterEachAnswerGetsANewConnectionEachTime) {
  TestingPeer peer([](tcp::socket& socket) {
    boost::beast::flat_buffer buffer;
    if (TestingPeer::read_request(socket, buffer)) {
      TestingPeer::write_response(socket, TestingPeer::answer(200, "{}", /*keep_alive=*/false));
    }
  });
  AsioHttpClient client(io_.context());

  for (int i = 0; i < 3; ++i) {
    const HttpOutcome outcome = fetch(client, get(peer.url("/")));
    ASSERT_TRUE(outcome) << describe(outcome);
  }

  EXPECT_EQ(peer.accepts(), 3);
  EXPECT_EQ(client.stats().connections_opened, 3u);
  EXPECT_EQ(client.stats().requests_on_reused_connections, 0u);
}

// Answers one request, then closes the connection as a server does at its keep-alive timeout;
// later connections are served normally. `first_closed` is set once the first is closed.
void answer_once_then_close_idle(tcp::socket& socket, std::atomic<int>& sessions,
                                 std::promise<void>& first_closed) {
  boost::beast::flat_buffer buffer;
  if (sessions++ > 0) return TestingPeer::serve_keep_alive(socket, "{}");
  if (!TestingPeer::read_request(socket, buffer)) return;
  TestingPeer::write_response(socket, TestingPeer::answer(200, "{}"));
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  first_closed.set_value();
}

// A GET is idempotent: tried on the pooled connection without asking the peer first (a system
// call per call), and sent again on a fresh one when the server turns out to have closed it.
TEST_P(AsioHttpClientReuseTest, GetOnAConnectionClosedWhileIdleIsSentAgainOnAFreshOne) {
  std::promise<void> first_closed;
  std::atomic<int> sessions{0};
  TestingPeer peer(
      [&](tcp::socket& socket) { answer_once_then_close_idle(socket, sessions, first_closed); });
  AsioHttpClient client(io_.context());
  ASSERT_TRUE(fetch(client, get(peer.url("/"))));
  ASSERT_EQ(first_closed.get_future().wait_for(kSafetyNet), std::future_status::ready);

  const HttpOutcome outcome = fetch(client, get(peer.url("/")));

  EXPECT_TRUE(outcome) << describe(outcome);
  EXPECT_EQ(peer.accepts(), 2);
  EXPECT_EQ(client.stats().requests_on_reused_connections, 1u);  // tried there first
}

// A POST cannot be sent twice: a pooled connection the server has closed while idle is noticed
// before the POST goes out on it (a non-blocking peek), and a fresh one carries it.
TEST_P(AsioHttpClientReuseTest, PostIsNeverSentOnAConnectionClosedWhileIdle) {
  std::promise<void> first_closed;
  std::atomic<int> sessions{0};
  TestingPeer peer(
      [&](tcp::socket& socket) { answer_once_then_close_idle(socket, sessions, first_closed); });
  AsioHttpClient client(io_.context());
  ASSERT_TRUE(fetch(client, get(peer.url("/"))));
  ASSERT_EQ(first_closed.get_future().wait_for(kSafetyNet), std::future_status::ready);

  const HttpOutcome outcome = fetch(client, post(peer.url("/validate.php"), "text/plain", "x"));

  EXPECT_TRUE(outcome) << describe(outcome);
  EXPECT_EQ(peer.accepts(), 2);
  EXPECT_EQ(client.stats().requests_on_reused_connections, 0u);
}

// Closes the first connection after reading its second request, without answering it: what a
// client sees when a server closes a keep-alive connection just as the request goes out.
void answer_once_then_drop_the_next_request(tcp::socket& socket, std::atomic<int>& sessions) {
  boost::beast::flat_buffer buffer;
  if (sessions++ > 0) return TestingPeer::serve_keep_alive(socket, "{}");
  if (!TestingPeer::read_request(socket, buffer)) return;
  TestingPeer::write_response(socket, TestingPeer::answer(200, "{}"));
  TestingPeer::read_request(socket, buffer);
}

TEST_P(AsioHttpClientReuseTest, GetDroppedOnAReusedConnectionIsRetriedOnceOnAFreshOne) {
  std::atomic<int> sessions{0};
  TestingPeer peer(
      [&](tcp::socket& socket) { answer_once_then_drop_the_next_request(socket, sessions); });
  AsioHttpClient client(io_.context());
  ASSERT_TRUE(fetch(client, get(peer.url("/"))));

  const HttpOutcome outcome = fetch(client, get(peer.url("/")));

  EXPECT_TRUE(outcome) << describe(outcome);
  EXPECT_EQ(peer.accepts(), 2);
  EXPECT_EQ(client.stats().requests_on_reused_connections, 1u);
}

TEST_P(AsioHttpClientReuseTest, GetIsRetriedOnlyOnce) {
  std::atomic<int> sessions{0};
  TestingPeer peer([&](tcp::socket& socket) {
    boost::beast::flat_buffer buffer;
    if (sessions++ == 0) {
      if (!TestingPeer::read_request(socket, buffer)) return;
      TestingPeer::write_response(socket, TestingPeer::answer(200, "{}"));
    }
    TestingPeer::read_request(socket, buffer);  // and close without answering
  });
  AsioHttpClient client(io_.context());
  ASSERT_TRUE(fetch(client, get(peer.url("/"))));

  const HttpOutcome outcome = fetch(client, get(peer.url("/")));

  EXPECT_EQ(reason_of(outcome), Reason::kNetwork);
  EXPECT_EQ(peer.accepts(), 2);
}

TEST_P(AsioHttpClientReuseTest, ConnectionIdleForIdleTimeoutIsNotReused) {
  TestingPeer peer([](tcp::socket& socket) { TestingPeer::serve_keep_alive(socket, "{}"); });
  AsioHttpClientOptions options;
  options.idle_timeout = 0ms;
  AsioHttpClient client(io_.context(), options);

  ASSERT_TRUE(fetch(client, get(peer.url("/"))));
  ASSERT_TRUE(fetch(client, get(peer.url("/"))));

  EXPECT_EQ(peer.accepts(), 2);
  EXPECT_EQ(client.stats().requests_on_reused_connections, 0u);
}

// The peer may have acted on a POST it received: sending it again could do it twice.
TEST_P(AsioHttpClientReuseTest, PostDroppedAfterItWasSentIsNotRetried) {
  std::atomic<int> sessions{0};
  TestingPeer peer(
      [&](tcp::socket& socket) { answer_once_then_drop_the_next_request(socket, sessions); });
  AsioHttpClient client(io_.context());
  ASSERT_TRUE(fetch(client, get(peer.url("/"))));

  const HttpOutcome outcome = fetch(client, post(peer.url("/validate.php"), "text/plain", "x"));

  EXPECT_EQ(reason_of(outcome), Reason::kNetwork);
  EXPECT_EQ(peer.accepts(), 1);
}

}  // namespace
}  // namespace gt3
