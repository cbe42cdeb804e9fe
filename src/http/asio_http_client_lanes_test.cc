// AsioHttpClient's lanes (one io_context per thread): a call stays on the context whose thread
// made it, handler and pooled connection included; calls from any other thread use the first.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <memory>
#include <stdexcept>
#include <vector>

#include "gt3/asio_http_client.h"
#include "http/io_threads.h"
#include "testing/client_support.h"
#include "testing/http_peer.h"

namespace gt3 {
namespace {

using testing::describe;
using testing::fetch;
using testing::get;
using testing::kSafetyNet;
using testing::TestingPeer;
using tcp = boost::asio::ip::tcp;

struct LaneOutcome {
  HttpOutcome outcome;
  bool handler_on_the_callers_context = false;
};

// Sends from a handler running on `context`, and reports where the answer's handler ran.
LaneOutcome fetch_from(boost::asio::io_context& context, AsioHttpClient& client,
                       HttpRequest request) {
  auto promise = std::make_shared<std::promise<LaneOutcome>>();
  std::future<LaneOutcome> future = promise->get_future();
  boost::asio::post(context, [&context, &client, promise, request = std::move(request)]() mutable {
    client.send(std::move(request), [&context, promise](HttpOutcome outcome) {
      promise->set_value(
          LaneOutcome{std::move(outcome), context.get_executor().running_in_this_thread()});
    });
  });
  if (future.wait_for(kSafetyNet) != std::future_status::ready) {
    ADD_FAILURE() << "the handler was not called within " << kSafetyNet.count() << " s";
    return LaneOutcome{HttpError{Reason::kNetwork, 0, "test: no outcome"}};
  }
  return future.get();
}

class AsioHttpClientLanesTest : public ::testing::Test {
 protected:
  http::IoThreads io_{2, http::IoThreads::Layout::kContextPerThread};
  boost::asio::io_context& first_ = *io_.contexts()[0];
  boost::asio::io_context& second_ = *io_.contexts()[1];
};

TEST_F(AsioHttpClientLanesTest, ACallMadeOnALaneCompletesOnThatLanesThread) {
  TestingPeer peer([](tcp::socket& socket) { TestingPeer::serve_keep_alive(socket, "{}"); });
  AsioHttpClient client(io_.contexts());

  const LaneOutcome on_second = fetch_from(second_, client, get(peer.url("/")));
  const LaneOutcome on_first = fetch_from(first_, client, get(peer.url("/")));

  ASSERT_TRUE(on_second.outcome) << describe(on_second.outcome);
  EXPECT_TRUE(on_second.handler_on_the_callers_context);
  ASSERT_TRUE(on_first.outcome) << describe(on_first.outcome);
  EXPECT_TRUE(on_first.handler_on_the_callers_context);
}

TEST_F(AsioHttpClientLanesTest, EachLaneReusesOnlyItsOwnConnections) {
  TestingPeer peer([](tcp::socket& socket) { TestingPeer::serve_keep_alive(socket, "{}"); });
  AsioHttpClient client(io_.contexts());

  ASSERT_TRUE(fetch_from(second_, client, get(peer.url("/"))).outcome);
  ASSERT_TRUE(fetch_from(second_, client, get(peer.url("/"))).outcome);
  EXPECT_EQ(client.stats().connections_opened, 1u);
  EXPECT_EQ(client.stats().requests_on_reused_connections, 1u);

  // The second lane's idle connection is not handed to the first, whose thread must not use it.
  ASSERT_TRUE(fetch_from(first_, client, get(peer.url("/"))).outcome);
  EXPECT_EQ(client.stats().connections_opened, 2u);
  EXPECT_EQ(peer.accepts(), 2);
}

TEST_F(AsioHttpClientLanesTest, ACallFromAnotherThreadRunsOnTheFirstLane) {
  TestingPeer peer([](tcp::socket& socket) { TestingPeer::serve_keep_alive(socket, "{}"); });
  AsioHttpClient client(io_.contexts());
  ASSERT_TRUE(fetch_from(first_, client, get(peer.url("/"))).outcome);

  const HttpOutcome outcome = fetch(client, get(peer.url("/")));  // from the test's thread

  ASSERT_TRUE(outcome) << describe(outcome);
  EXPECT_EQ(client.stats().requests_on_reused_connections, 1u);  // the first lane's connection
  EXPECT_EQ(peer.accepts(), 1);
}

TEST(AsioHttpClientLanes, NoContextIsRefusedAtConstruction) {
  EXPECT_THROW(AsioHttpClient(std::vector<boost::asio::io_context*>{}), std::invalid_argument);
}

}  // namespace
}  // namespace gt3
