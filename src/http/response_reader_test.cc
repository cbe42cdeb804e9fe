#include "http/response_reader.h"

#include <gtest/gtest.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <string_view>

namespace gt3::http {
namespace {

namespace bhttp = boost::beast::http;

// Feeds `wire` as Beast's read loop does, then the end of the stream if the reader still wants
// more.
boost::system::error_code read(ResponseReader& reader, std::string_view wire) {
  boost::system::error_code ec;
  while (!reader.is_done()) {
    if (wire.empty()) {
      reader.put_eof(ec);
      return ec;
    }
    wire.remove_prefix(reader.put(boost::asio::buffer(wire.data(), wire.size()), ec));
    if (ec == bhttp::error::need_more) {
      ec = {};
      if (!wire.empty()) continue;
    }
    if (ec) return ec;
  }
  return ec;
}

TEST(ResponseReader, KeepsTheStatusTheFirstContentTypeAndTheBody) {
  ResponseReader reader(1024);
  ASSERT_FALSE(read(reader,
                    "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
                    "X-Other: 1\r\nContent-Type: text/html\r\nContent-Length: 2\r\n\r\n{}"));
  EXPECT_TRUE(reader.is_done());
  EXPECT_EQ(reader.status(), 404);
  EXPECT_EQ(reader.content_type(), "application/json");
  EXPECT_EQ(reader.body(), "{}");
  EXPECT_TRUE(reader.keep_alive());
}

TEST(ResponseReader, JoinsAChunkedBody) {
  ResponseReader reader(1024);
  ASSERT_FALSE(read(reader,
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n"));
  EXPECT_EQ(reader.body(), R"({"a":1})");
  EXPECT_TRUE(reader.content_type().empty());
}

TEST(ResponseReader, ABodyBeyondTheLimitFails) {
  ResponseReader by_length(3);
  EXPECT_EQ(read(by_length, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd"),
            bhttp::error::body_limit);
  ResponseReader chunked(3);
  EXPECT_EQ(read(chunked, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n"),
            bhttp::error::body_limit);
}

// A body that ends with the stream leaves no connection to reuse.
TEST(ResponseReader, ABodyReadToTheEndOfTheStreamIsNotKeptAlive) {
  ResponseReader reader(1024);
  ASSERT_FALSE(read(reader, "HTTP/1.1 200 OK\r\n\r\nall of it"));
  EXPECT_EQ(reader.body(), "all of it");
  EXPECT_FALSE(reader.keep_alive());
}

}  // namespace
}  // namespace gt3::http
