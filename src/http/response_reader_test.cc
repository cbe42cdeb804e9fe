#include "http/response_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <string>
#include <string_view>

namespace gt3::http {
namespace {

namespace bhttp = boost::beast::http;

// Feeds `wire` as AsioHttpClient does, `piece` bytes per read from the socket, then the end
// of the stream if the reader still wants more. `rest`: what the buffer holds after the answer.
boost::system::error_code read(ResponseReader& reader, std::string_view wire,
                               std::size_t piece = 4096, std::string* rest = nullptr) {
  boost::beast::flat_buffer buffer;
  boost::system::error_code ec;
  while (!reader.take(buffer, ec)) {
    if (wire.empty()) return reader.end_of_reading(boost::asio::error::eof);
    const std::size_t n = std::min(piece, wire.size());
    buffer.commit(boost::asio::buffer_copy(buffer.prepare(n), boost::asio::buffer(wire.data(), n)));
    wire.remove_prefix(n);
  }
  if (rest != nullptr) rest->assign(boost::beast::buffers_to_string(buffer.data()));
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

TEST(ResponseReader, AnAnswerArrivingAByteAtATimeReadsAsAWhole) {
  ResponseReader by_length(1024);
  ASSERT_FALSE(read(by_length, "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n{\"a\":1}", 1));
  EXPECT_EQ(by_length.body(), R"({"a":1})");
  ResponseReader chunked(1024);
  ASSERT_FALSE(read(chunked,
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n",
                    1));
  EXPECT_EQ(chunked.body(), R"({"a":1})");
}

// Bytes after a complete answer are not taken: the client then does not reuse the connection.
TEST(ResponseReader, BytesAfterTheAnswerStayInTheBuffer) {
  ResponseReader reader(1024);
  std::string rest;
  ASSERT_FALSE(
      read(reader, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}HTTP/1.1 408", 4096, &rest));
  EXPECT_EQ(reader.body(), "{}");
  EXPECT_EQ(rest, "HTTP/1.1 408");
}

TEST(ResponseReader, TheEndOfTheStreamBeforeTheAnswerEndsIsNamed) {
  ResponseReader nothing(1024);
  EXPECT_EQ(read(nothing, ""), bhttp::error::end_of_stream);
  ResponseReader cut_short(1024);
  EXPECT_EQ(read(cut_short, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"),
            bhttp::error::partial_message);
  ResponseReader in_the_head(1024);
  EXPECT_EQ(read(in_the_head, "HTTP/1.1 200 OK\r\nContent-Le"), bhttp::error::partial_message);
  ResponseReader reset(1024);
  EXPECT_EQ(reset.end_of_reading(boost::asio::error::connection_reset),
            boost::asio::error::connection_reset);
}

}  // namespace
}  // namespace gt3::http
