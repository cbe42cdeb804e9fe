// parse_back (tests only): what a peer reads from a head written by hand and its body, through
// Beast's parser (the one the fuzz targets hold the writers to), expected whole and error-free.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/buffer.hpp>
#include <string>

namespace gt3::testing {

// Parser: e.g. boost::beast::http::request_parser<string_body>; returns its message.
template <class Parser>
auto parse_back(const std::string& head, const std::string& body) {
  Parser parser;
  parser.eager(true);
  boost::system::error_code ec;
  const std::string wire = head + body;
  parser.put(boost::asio::buffer(wire), ec);
  EXPECT_FALSE(ec) << ec.message() << "\n" << wire;
  EXPECT_TRUE(parser.is_done()) << wire;
  return parser.release();
}

}  // namespace gt3::testing
