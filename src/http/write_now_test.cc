// write_now on a real loopback connection: it writes only in non-blocking mode, drops what went
// from the front of the buffers, and reports a full socket as no failure.
#include "http/write_now.h"

#include <gtest/gtest.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <string>

namespace gt3::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class WriteNowTest : public ::testing::Test {
 protected:
  WriteNowTest() : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    writer_.connect(acceptor_.local_endpoint());
    acceptor_.accept(reader_);
  }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  tcp::socket writer_{io_};
  tcp::socket reader_{io_};
};

TEST_F(WriteNowTest, ASocketNotInNonBlockingModeGetsNothing) {
  const std::string head = "head", body = "body";
  std::array<asio::const_buffer, 2> out{asio::buffer(head), asio::buffer(body)};
  EXPECT_FALSE(write_now(writer_, out).failed());
  EXPECT_EQ(asio::buffer_size(out), 8u);  // all left for the asynchronous write
}

TEST_F(WriteNowTest, WhatFitsGoesWholeAndWhatDoesNotIsLeftInOrder) {
  writer_.non_blocking(true);
  const std::string head = "head", body = "body";
  std::array<asio::const_buffer, 2> out{asio::buffer(head), asio::buffer(body)};
  ASSERT_FALSE(write_now(writer_, out).failed());
  EXPECT_EQ(asio::buffer_size(out), 0u);
  std::string received(8, '\0');
  asio::read(reader_, asio::buffer(received));
  EXPECT_EQ(received, "headbody");

  // More than the socket buffers hold: part goes, the rest stays at the front of `out`.
  const std::string big(64 << 20, 'b');
  std::array<asio::const_buffer, 2> more{asio::buffer(head), asio::buffer(big)};
  ASSERT_FALSE(write_now(writer_, more).failed());
  const std::size_t left = asio::buffer_size(more);
  EXPECT_GT(left, 0u);
  EXPECT_LT(left, head.size() + big.size());
  EXPECT_EQ(more[0].size(), 0u);  // the head went first
  EXPECT_EQ(static_cast<const char*>(more[1].data()) + more[1].size(), big.data() + big.size());
  ASSERT_FALSE(write_now(writer_, more).failed());  // full: would_block, nothing taken
  EXPECT_EQ(asio::buffer_size(more), left);
}

TEST_F(WriteNowTest, AClosedPeerIsAFailure) {
  writer_.non_blocking(true);
  reader_.close();  // the first write to a closed peer draws a reset, a later one fails
  const std::string data(1024, 'x');
  boost::system::error_code ec;
  for (int i = 0; i < 100 && !ec; ++i) {
    std::array<asio::const_buffer, 2> out{asio::buffer(data), asio::const_buffer()};
    ec = write_now(writer_, out);
  }
  EXPECT_TRUE(ec.failed());
}

}  // namespace
}  // namespace gt3::http
