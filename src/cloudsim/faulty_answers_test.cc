// The faulty answers on the wire: an HttpServer on loopback answers with them, a raw socket reads
// the bytes, so that what a client meets is checked byte for byte.
#include "cloudsim/faulty_answers.h"

#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>

#include "http/io_threads.h"
#include "testing/raw_connection.h"
#include "http/server.h"

namespace gt3::cloudsim {
namespace {

namespace asio = boost::asio;
using testing::RawConnection;

constexpr std::string_view kBody = R"({"status": "success"})";

http::Response normal() { return http::Response::json(200, std::string(kBody)); }

// Decodes a chunked body; empty when the framing is wrong.
std::string dechunk(std::string_view in) {
  std::string out;
  for (;;) {
    const std::size_t line_end = in.find("\r\n");
    if (line_end == std::string_view::npos) return {};
    const std::size_t size = std::stoul(std::string(in.substr(0, line_end)), nullptr, 16);
    in.remove_prefix(line_end + 2);
    if (size == 0) return in == "\r\n" ? out : std::string();
    if (in.size() < size + 2 || in.substr(size, 2) != "\r\n") return {};
    out.append(in.substr(0, size));
    in.remove_prefix(size + 2);
  }
}

class FaultyAnswersTest : public ::testing::Test {
 protected:
  void serve(http::Response answer) {
    http::Router router;
    router.add(
        http::Method::kGet, "/x",
        [answer](const http::Request&) -> asio::awaitable<http::Response> { co_return answer; });
    server_ = std::make_unique<http::HttpServer>(io_.context(), http::ServerOptions{}, router);
    ASSERT_TRUE(server_->start().has_value());
  }

  // The raw bytes of the answer to GET /x, until the connection ends.
  std::string fetch(bool* reset = nullptr) {
    RawConnection connection(server_->port());
    connection.send("GET /x HTTP/1.1\r\nHost: t\r\n\r\n");
    return connection.read_to_end(reset);
  }

  static std::string body_of(const std::string& bytes) {
    const std::size_t end = bytes.find("\r\n\r\n");
    return end == std::string::npos ? std::string() : bytes.substr(end + 4);
  }

  http::IoThreads io_{1};
  std::unique_ptr<http::HttpServer> server_;
};

TEST_F(FaultyAnswersTest, TruncatedPromisesTheWholeBodySendsHalfAndClosesCleanly) {
  serve(truncated_answer(normal()));
  bool reset = true;
  const std::string bytes = fetch(&reset);
  EXPECT_FALSE(reset);
  EXPECT_TRUE(bytes.starts_with("HTTP/1.1 200 OK\r\n"));
  EXPECT_NE(bytes.find("Content-Length: " + std::to_string(kBody.size()) + "\r\n"),
            std::string::npos);
  EXPECT_EQ(body_of(bytes), kBody.substr(0, kBody.size() / 2));
  EXPECT_TRUE(nlohmann::json::parse(body_of(bytes), nullptr, false).is_discarded());
}

TEST_F(FaultyAnswersTest, DropSendsHalfTheBodyThenResets) {
  serve(dropped_answer(normal()));
  bool reset = false;
  const std::string bytes = fetch(&reset);
  EXPECT_TRUE(reset);
  // What arrived before the reset, if anything did, is the head and the half body, no more.
  EXPECT_LE(body_of(bytes).size(), kBody.size() / 2);
}

TEST_F(FaultyAnswersTest, TrickleSendsTheWholeAnswerOneByteAtATime) {
  auto writes = std::make_shared<std::atomic<int>>(0);
  serve(trickled_answer(normal(), std::chrono::milliseconds(1),
                        [writes](std::chrono::milliseconds) -> asio::awaitable<bool> {
                          ++*writes;
                          co_return true;
                        }));
  const std::string bytes = fetch();
  EXPECT_EQ(body_of(bytes), kBody);
  EXPECT_EQ(static_cast<std::size_t>(writes->load()), bytes.size());  // one wait per byte
}

TEST_F(FaultyAnswersTest, TrickleGivesUpWhenTheSimulatorStops) {
  auto waits = std::make_shared<std::atomic<int>>(0);
  serve(trickled_answer(
      normal(), std::chrono::milliseconds(1),
      [waits](std::chrono::milliseconds) -> asio::awaitable<bool> { co_return ++*waits < 3; }));
  EXPECT_EQ(fetch(), "HTT");
}

TEST_F(FaultyAnswersTest, HugeIsSixteenMebibytesOfValidJsonChunked) {
  serve(huge_answer(normal()));
  const std::string bytes = fetch();
  const std::string head = bytes.substr(0, bytes.find("\r\n\r\n"));
  EXPECT_NE(head.find("Transfer-Encoding: chunked"), std::string::npos);
  EXPECT_EQ(head.find("Content-Length"), std::string::npos);
  const std::string body = dechunk(body_of(bytes));
  ASSERT_EQ(body.size(), kHugeBodyBytes);
  const auto json = nlohmann::json::parse(body, nullptr, false);
  ASSERT_TRUE(json.is_object());
  EXPECT_EQ(json.value("status", ""), "success");  // only a size limit tells it from a good one
  EXPECT_TRUE(json.contains("padding"));
}

}  // namespace
}  // namespace gt3::cloudsim
