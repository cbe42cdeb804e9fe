#include "http/request_parsing.h"

#include <gtest/gtest.h>

#include <boost/url/pct_string_view.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gt3::http {
namespace {

constexpr std::size_t kHeaderLimit = 8 * 1024;
constexpr std::size_t kBodyLimit = 64 * 1024;

ReadRequest read(std::string_view wire) {
  return read_request(wire, kHeaderLimit, kBodyLimit, "127.0.0.1");
}

std::string error_code_of(const Response& response) {
  return nlohmann::json::parse(response.body)["error"].get<std::string>();
}

TEST(RequestParsing, DecodesPathQueryHeadersAndBody) {
  const std::string wire =
      "POST /a%20b/c?x=1+2&y=%41 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nz=1";
  const ReadRequest got = read(wire);
  ASSERT_TRUE(got.request.has_value());
  EXPECT_FALSE(got.answer.has_value());
  EXPECT_EQ(got.consumed, wire.size());
  EXPECT_EQ(got.request->method, Method::kPost);
  EXPECT_EQ(got.request->target, "/a%20b/c?x=1+2&y=%41");
  EXPECT_EQ(got.request->path, "/a b/c");
  EXPECT_EQ(got.request->query.get("x"), "1 2");
  EXPECT_EQ(got.request->query.get("y"), "A");
  EXPECT_EQ(got.request->header("host"), "h");
  EXPECT_EQ(got.request->body, "z=1");
  EXPECT_EQ(got.request->peer_address, "127.0.0.1");
}

TEST(RequestParsing, KeepsEveryLineOfARepeatedFieldForHeaderList) {
  // A proxy that appends its own X-Forwarded-For line after the client's (HAProxy's forwardfor).
  const ReadRequest got = read(
      "GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 1.2.3.4\r\n"
      "X-Forwarded-For: 9.9.9.9\r\n\r\n");
  ASSERT_TRUE(got.request.has_value());
  EXPECT_EQ(got.request->header("X-Forwarded-For"), "1.2.3.4");
  EXPECT_EQ(got.request->header_list("X-Forwarded-For"), "1.2.3.4, 9.9.9.9");
}

TEST(RequestParsing, ConsumesOnlyTheFirstOfPipelinedRequests) {
  const std::string first = "GET /one HTTP/1.1\r\nHost: h\r\n\r\n";
  const ReadRequest got = read(first + "GET /two HTTP/1.1\r\nHost: h\r\n\r\n");
  ASSERT_TRUE(got.request.has_value());
  EXPECT_EQ(got.request->path, "/one");
  EXPECT_EQ(got.consumed, first.size());
}

// Boost.URL's decoding is the definition; a path without an escape takes a shortcut, which must
// give what Boost gives for every short path, escapes, '+' and odd bytes included.
TEST(RequestParsing, DecodesEveryShortPathAsBoostUrlDoes) {
  const std::string alphabet("a%+2F\xff");
  std::vector<std::string> paths{"/"};
  for (std::size_t i = 0; i < paths.size() && paths.size() < 2000; ++i) {
    if (paths[i].size() > 4) continue;
    for (const char c : alphabet) paths.push_back(paths[i] + c);
  }
  ASSERT_GT(paths.size(), 1500u);
  for (const std::string& path : paths) {
    const ReadRequest got = read("GET " + path + " HTTP/1.1\r\nHost: h\r\n\r\n");
    const auto boost = boost::urls::make_pct_string_view(path);
    ASSERT_EQ(got.request.has_value(), static_cast<bool>(boost)) << path;
    if (boost) {
      EXPECT_EQ(got.request->path, boost->decode()) << path;
    }
  }
}

TEST(RequestParsing, MalformedPercentEscapeInThePathIsBadEncoding) {
  const ReadRequest got = read("GET /a%zz HTTP/1.1\r\nHost: h\r\n\r\n");
  EXPECT_FALSE(got.request.has_value());
  ASSERT_TRUE(got.answer.has_value());
  EXPECT_EQ(got.answer->status, 400);
  EXPECT_EQ(error_code_of(*got.answer), "bad_encoding");
}

TEST(RequestParsing, MalformedPercentEscapeInTheQueryIsBadEncoding) {
  const ReadRequest got = read("GET /a?b=%4 HTTP/1.1\r\nHost: h\r\n\r\n");
  ASSERT_TRUE(got.answer.has_value());
  EXPECT_EQ(error_code_of(*got.answer), "bad_encoding");
}

TEST(RequestParsing, GarbageIsBadRequest) {
  const ReadRequest got = read("\x01\x02 nonsense\r\n\r\n");
  ASSERT_TRUE(got.answer.has_value());
  EXPECT_EQ(got.answer->status, 400);
  EXPECT_EQ(error_code_of(*got.answer), "bad_request");
}

TEST(RequestParsing, HeadersBeyondTheLimitAre431) {
  const std::string wire =
      "GET / HTTP/1.1\r\nX-Big: " + std::string(kHeaderLimit, 'a') + "\r\n\r\n";
  const ReadRequest got = read(wire);
  ASSERT_TRUE(got.answer.has_value());
  EXPECT_EQ(got.answer->status, 431);
}

TEST(RequestParsing, BodyBeyondTheLimitIs413) {
  const ReadRequest got =
      read("POST / HTTP/1.1\r\nContent-Length: " + std::to_string(kBodyLimit + 1) + "\r\n\r\n");
  ASSERT_TRUE(got.answer.has_value());
  EXPECT_EQ(got.answer->status, 413);
}

TEST(RequestParsing, IncompleteRequestIsClosedWithoutAnswer) {
  const ReadRequest truncated = read("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
  EXPECT_FALSE(truncated.request.has_value());
  EXPECT_FALSE(truncated.answer.has_value());
  const ReadRequest nothing = read("");
  EXPECT_FALSE(nothing.request.has_value());
  EXPECT_FALSE(nothing.answer.has_value());
}

}  // namespace
}  // namespace gt3::http
