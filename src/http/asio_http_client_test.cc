// AsioHttpClient against in-test peers: what it sends, each failure's class, many requests at
// once, and shutdown. Reuse of pooled connections and retries are in
// asio_http_client_reuse_test.cc, https in asio_http_client_tls_test.cc.
#include "gt3/asio_http_client.h"

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <stdexcept>
#include <thread>

#include "gt3/version.h"
#include "testing/client_fixture.h"
#include "testing/client_support.h"
#include "testing/guarded.h"
#include "testing/http_peer.h"

namespace gt3 {
namespace {

using namespace std::chrono_literals;
using testing::AsioHttpClientTest;
using testing::ClientIo;
using testing::describe;
using testing::fetch;
using testing::get;
using testing::kSafetyNet;
using testing::post;
using testing::reason_of;
using testing::TestingPeer;
using tcp = boost::asio::ip::tcp;

// Counts events across threads; the test awaits a number of them (at most kSafetyNet).
class Counter {
 public:
  void add() {
    count_.update([](int& n) { ++n; });
  }
  bool wait_for(int n) {
    return count_.wait_until([n](int count) { return count >= n; });
  }
  int count() { return count_.get(); }

 private:
  testing::Guarded<int> count_{kSafetyNet};
};

TEST_F(AsioHttpClientTest, GetSendsTheTargetWithQueryHostAndUserAgent) {
  std::promise<testing::PeerRequest> seen;
  TestingPeer peer([&](tcp::socket& socket) {
    boost::beast::flat_buffer buffer;
    auto request = TestingPeer::read_request(socket, buffer);
    if (!request) return;
    seen.set_value(*request);
    TestingPeer::write_response(socket, TestingPeer::answer(200, R"({"status":"success"})"));
  });
  AsioHttpClient client(io_.context());

  const HttpOutcome outcome = fetch(client, get(peer.url("/v1/bypass_status.php?gt=abc&x=%20y")));

  ASSERT_TRUE(outcome) << describe(outcome);
  EXPECT_EQ(outcome->status, 200);
  EXPECT_EQ(outcome->content_type, "application/json");
  EXPECT_EQ(outcome->body, R"({"status":"success"})");
  const testing::PeerRequest request = seen.get_future().get();
  EXPECT_EQ(request.method(), boost::beast::http::verb::get);
  EXPECT_EQ(request.target(), "/v1/bypass_status.php?gt=abc&x=%20y");
  EXPECT_EQ(request[boost::beast::http::field::host], "127.0.0.1:" + std::to_string(peer.port()));
  EXPECT_EQ(request[boost::beast::http::field::user_agent],
            "cpp-gt3-bypass/" + std::string(kVersion));
  EXPECT_EQ(request.count(boost::beast::http::field::accept_encoding), 0u);
}

TEST_F(AsioHttpClientTest, PostSendsTheBodyWithItsContentType) {
  std::promise<testing::PeerRequest> seen;
  TestingPeer peer([&](tcp::socket& socket) {
    boost::beast::flat_buffer buffer;
    auto request = TestingPeer::read_request(socket, buffer);
    if (!request) return;
    seen.set_value(*request);
    TestingPeer::write_response(socket, TestingPeer::answer(200, R"({"seccode":"ok"})"));
  });
  AsioHttpClient client(io_.context());

  const HttpOutcome outcome =
      fetch(client,
            post(peer.url("/validate.php"), "application/x-www-form-urlencoded", "seccode=a&b=c"));

  ASSERT_TRUE(outcome) << describe(outcome);
  EXPECT_EQ(outcome->body, R"({"seccode":"ok"})");
  const testing::PeerRequest request = seen.get_future().get();
  EXPECT_EQ(request.method(), boost::beast::http::verb::post);
  EXPECT_EQ(request.target(), "/validate.php");
  EXPECT_EQ(request[boost::beast::http::field::content_type], "application/x-www-form-urlencoded");
  EXPECT_EQ(request.body(), "seccode=a&b=c");
}

TEST_F(AsioHttpClientTest, NonSuccessStatusIsHttpStatusWithTheCode) {
  TestingPeer peer([](tcp::socket& socket) {
    boost::beast::flat_buffer buffer;
    if (TestingPeer::read_request(socket, buffer)) {
      TestingPeer::write_response(socket, TestingPeer::answer(503, "down for maintenance"));
    }
  });
  AsioHttpClient client(io_.context());

  const HttpOutcome outcome = fetch(client, get(peer.url("/")));

  EXPECT_EQ(reason_of(outcome), Reason::kHttpStatus);
  if (!outcome) {
    EXPECT_EQ(outcome.error().status, 503);
    EXPECT_EQ(outcome.error().detail.find("maintenance"), std::string::npos);
  }
}

TEST_F(AsioHttpClientTest, PeerThatNeverAnswersIsATimeout) {
  TestingPeer peer([](tcp::socket& socket) { TestingPeer::wait_until_closed(socket); });
  AsioHttpClient client(io_.context());

  EXPECT_EQ(reason_of(fetch(client, get(peer.url("/"), 200ms))), Reason::kTimeout);
}

// Calls share one timer per lane, armed at the earliest deadline: a call due sooner than every
// call already waiting must re-arm it, not wait behind them.
TEST_F(AsioHttpClientTest, AShortDeadlineAfterLongOnesTimesOutFirst) {
  TestingPeer peer([](tcp::socket& socket) { TestingPeer::wait_until_closed(socket); });
  AsioHttpClient client(io_.context());
  Counter long_done;
  for (int i = 0; i < 3; ++i) {
    client.send(get(peer.url("/"), kSafetyNet * 2), [&](HttpOutcome) { long_done.add(); });
  }

  const HttpOutcome short_call = fetch(client, get(peer.url("/"), 100ms));

  EXPECT_EQ(reason_of(short_call), Reason::kTimeout);
  EXPECT_EQ(long_done.count(), 0);
  client.shutdown();
  EXPECT_TRUE(long_done.wait_for(3));
}

TEST_F(AsioHttpClientTest, PeerThatTricklesTheAnswerPastTheDeadlineIsATimeout) {
  TestingPeer peer([](tcp::socket& socket) {
    boost::beast::flat_buffer buffer;
    if (!TestingPeer::read_request(socket, buffer)) return;
    if (!TestingPeer::write_raw(socket, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")) return;
    // One byte every 20 ms: the client keeps receiving, but never the whole answer in time.
    for (int i = 0; i < 1000 && TestingPeer::write_raw(socket, "x"); ++i) {
      std::this_thread::sleep_for(20ms);
    }
  });
  AsioHttpClient client(io_.context());

  EXPECT_EQ(reason_of(fetch(client, get(peer.url("/"), 300ms))), Reason::kTimeout);
}

TEST_F(AsioHttpClientTest, NothingListeningIsRefused) {
  unsigned short port = 0;
  {
    boost::asio::io_context io;
    tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    port = acceptor.local_endpoint().port();
  }
  AsioHttpClient client(io_.context());

  const HttpOutcome outcome =
      fetch(client, get("http://127.0.0.1:" + std::to_string(port) + "/", 2s));

  EXPECT_EQ(reason_of(outcome), Reason::kRefused);
}

TEST_F(AsioHttpClientTest, HostNameThatDoesNotResolveIsDns) {
  AsioHttpClientOptions options;
  options.connect_timeout = 5s;
  AsioHttpClient client(io_.context(), options);

  // RFC 6761: .invalid never resolves. A resolver that does not say so within 5 s says nothing
  // about the client.
  const HttpOutcome outcome = fetch(client, get("http://nonexistent.invalid/", 5s));

  if (!outcome && outcome.error().reason == Reason::kTimeout) {
    GTEST_SKIP() << "this machine's resolver did not answer for nonexistent.invalid within 5 s";
  }
  EXPECT_EQ(reason_of(outcome), Reason::kDns);
}

TEST_F(AsioHttpClientTest, GarbageInsteadOfHttpIsBadBody) {
  TestingPeer peer([](tcp::socket& socket) {
    boost::beast::flat_buffer buffer;
    if (TestingPeer::read_request(socket, buffer)) {
      TestingPeer::write_raw(socket, "SSH-2.0-OpenSSH_9.2\r\nthis is not HTTP\r\n\r\n");
    }
  });
  AsioHttpClient client(io_.context());

  EXPECT_EQ(reason_of(fetch(client, get(peer.url("/")))), Reason::kBadBody);
}

TEST_F(AsioHttpClientTest, BodyOverTheLimitIsBadBody) {
  TestingPeer peer([](tcp::socket& socket) {
    boost::beast::flat_buffer buffer;
    if (TestingPeer::read_request(socket, buffer)) {
      TestingPeer::write_response(socket, TestingPeer::answer(200, std::string(4096, 'x')));
    }
  });
  AsioHttpClientOptions options;
  options.max_response_bytes = 1024;
  AsioHttpClient client(io_.context(), options);

  EXPECT_EQ(reason_of(fetch(client, get(peer.url("/")))), Reason::kBadBody);
}

// A body cut short of its Content-Length is a truncated answer: bad_body, not network.
TEST_F(AsioHttpClientTest, ConnectionClosedMidBodyIsBadBody) {
  TestingPeer peer([](tcp::socket& socket) {
    boost::beast::flat_buffer buffer;
    if (TestingPeer::read_request(socket, buffer)) {
      TestingPeer::write_raw(socket, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
    }
  });
  AsioHttpClient client(io_.context());

  EXPECT_EQ(reason_of(fetch(client, get(peer.url("/")))), Reason::kBadBody);
}

TEST_F(AsioHttpClientTest, PeerThatClosesWithoutAnsweringIsNetwork) {
  TestingPeer peer([](tcp::socket& socket) {
    boost::beast::flat_buffer buffer;
    TestingPeer::read_request(socket, buffer);
  });
  AsioHttpClient client(io_.context());

  EXPECT_EQ(reason_of(fetch(client, get(peer.url("/")))), Reason::kNetwork);
}

TEST_F(AsioHttpClientTest, InvalidUrlFailsWithoutConnecting) {
  AsioHttpClient client(io_.context());

  EXPECT_EQ(reason_of(fetch(client, get("ftp://example.com/"))), Reason::kNetwork);
  EXPECT_EQ(client.stats().connections_opened, 0u);
}

// A header that would split the request is the request's fault: refused before any connection,
// and never read as the network failing (which would make the sdk lenient).
TEST_F(AsioHttpClientTest, AHeaderThatCannotBeSentIsRefusedWithoutConnecting) {
  TestingPeer peer([](tcp::socket& socket) { TestingPeer::serve_keep_alive(socket, "{}"); });
  AsioHttpClient client(io_.context());
  HttpRequest request = get(peer.url("/"));
  request.headers.emplace_back("X-Note", "a\r\nX-Injected: 1");

  EXPECT_EQ(reason_of(fetch(client, request)), Reason::kRequestRefused);
  EXPECT_EQ(client.stats().connections_opened, 0u);
  EXPECT_EQ(peer.accepts(), 0);
}

TEST_F(AsioHttpClientTest, FiftyConcurrentRequestsOnTwoThreadsAllComplete) {
  ClientIo io(2);
  TestingPeer peer([](tcp::socket& socket) { TestingPeer::serve_keep_alive(socket, "{}"); });
  AsioHttpClient client(io.context());
  Counter succeeded;
  Counter completed;

  for (int i = 0; i < 50; ++i) {
    client.send(get(peer.url("/?n=" + std::to_string(i))), [&](HttpOutcome outcome) {
      if (outcome) succeeded.add();
      completed.add();
    });
  }

  ASSERT_TRUE(completed.wait_for(50));
  EXPECT_EQ(succeeded.count(), 50);
  EXPECT_LE(client.stats().connections_opened, 50u);
}

TEST_F(AsioHttpClientTest, ShutdownCompletesRequestsInFlightWithCancelledExactlyOnce) {
  Counter received;
  TestingPeer peer([&](tcp::socket& socket) {
    boost::beast::flat_buffer buffer;
    if (!TestingPeer::read_request(socket, buffer)) return;
    received.add();
    TestingPeer::wait_until_closed(socket);
  });
  AsioHttpClient client(io_.context());
  Counter completed;
  std::atomic<int> cancelled{0};
  for (int i = 0; i < 10; ++i) {
    client.send(get(peer.url("/"), kSafetyNet * 2), [&](HttpOutcome outcome) {
      if (!outcome && outcome.error().reason == Reason::kCancelled) ++cancelled;
      completed.add();
    });
  }
  ASSERT_TRUE(received.wait_for(10));

  client.shutdown();

  ASSERT_TRUE(completed.wait_for(10));
  EXPECT_EQ(cancelled.load(), 10);
  EXPECT_EQ(reason_of(fetch(client, get(peer.url("/")))), Reason::kCancelled);
  client.shutdown();  // idempotent
  EXPECT_EQ(completed.count(), 10);
}

TEST_F(AsioHttpClientTest, DestructorCompletesRequestsInFlightWithCancelled) {
  TestingPeer peer([](tcp::socket& socket) { TestingPeer::wait_until_closed(socket); });
  Counter completed;
  std::atomic<int> cancelled{0};
  {
    AsioHttpClient client(io_.context());
    for (int i = 0; i < 5; ++i) {
      client.send(get(peer.url("/"), kSafetyNet * 2), [&](HttpOutcome outcome) {
        if (!outcome && outcome.error().reason == Reason::kCancelled) ++cancelled;
        completed.add();
      });
    }
  }

  ASSERT_TRUE(completed.wait_for(5));
  EXPECT_EQ(cancelled.load(), 5);
}

// A call whose io_context stops before it ends (so a shutdown's cancellation never runs) is let
// go with the context: nothing of it, its handler included, outlives them.
TEST(AsioHttpClientLifetime, ACallCutOffByItsContextStoppingIsFreedWithTheContext) {
  Counter received;
  TestingPeer peer([&](tcp::socket& socket) {
    boost::beast::flat_buffer buffer;
    if (!TestingPeer::read_request(socket, buffer)) return;
    received.add();
    TestingPeer::wait_until_closed(socket);
  });
  const auto token = std::make_shared<int>(0);
  {
    boost::asio::io_context io(1);
    {
      AsioHttpClient client(io);
      client.send(get(peer.url("/"), kSafetyNet * 2), [token](HttpOutcome) {});
      std::thread runner([&] { io.run(); });
      const bool arrived = received.wait_for(1);
      io.stop();
      runner.join();
      ASSERT_TRUE(arrived);
    }  // the client is shut down: its cancellation is queued, and never runs
    EXPECT_GT(token.use_count(), 1);
  }

  EXPECT_EQ(token.use_count(), 1);
}

// The handler runs inline when the call completes (no queue trip): an exception it throws still
// goes up out of the io_context's run(), as from any handler, rather than vanishing in the call.
TEST(AsioHttpClientLifetime, AnExceptionFromTheHandlerLeavesRun) {
  TestingPeer peer([](tcp::socket& socket) {
    boost::beast::flat_buffer buffer;
    if (TestingPeer::read_request(socket, buffer)) {
      TestingPeer::write_response(socket, TestingPeer::answer(200, "{}"));
    }
  });
  boost::asio::io_context io(1);
  AsioHttpClient client(io);
  int calls = 0;
  client.send(get(peer.url("/")), [&calls](HttpOutcome outcome) {
    ++calls;
    if (outcome) throw std::runtime_error("the handler's own failure");
  });
  EXPECT_THROW(io.run(), std::runtime_error);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace gt3
