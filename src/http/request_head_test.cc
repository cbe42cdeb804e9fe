#include "http/request_head.h"

#include <gtest/gtest.h>

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "testing/parse_back.h"

namespace gt3::http {
namespace {

namespace bhttp = boost::beast::http;

constexpr RequestLine kLine{"/register.php?gt=abc&json_format=1", "127.0.0.1:8080",
                            "cpp-gt3-bypass/0.1.0"};

HttpRequest post_of(std::string body) {
  HttpRequest request;
  request.method = HttpMethod::kPost;
  request.content_type = "application/x-www-form-urlencoded";
  request.body = std::move(body);
  return request;
}

bhttp::request<bhttp::string_body> parse(const std::string& head, const std::string& body) {
  return testing::parse_back<bhttp::request_parser<bhttp::string_body>>(head, body);
}

TEST(RequestHead, WritesAGetWithTheClientsFieldsAndNoLength) {
  std::string head;
  ASSERT_TRUE(write_request_head(head, HttpRequest{}, kLine));
  EXPECT_EQ(head,
            "GET /register.php?gt=abc&json_format=1 HTTP/1.1\r\n"
            "Host: 127.0.0.1:8080\r\n"
            "User-Agent: cpp-gt3-bypass/0.1.0\r\n"
            "\r\n");
}

TEST(RequestHead, APostParsesBackWithItsTypeLengthExtraHeadersAndBody) {
  HttpRequest request = post_of("seccode=x%7Cjordan&challenge=abc");
  request.headers.emplace_back("X-Request-Id", "42");
  std::string head;
  ASSERT_TRUE(write_request_head(head, request, {"/validate.php", "cloud.example", "ua"}));
  const auto parsed = parse(head, request.body);
  EXPECT_EQ(parsed.method(), bhttp::verb::post);
  EXPECT_EQ(parsed.target(), "/validate.php");
  EXPECT_EQ(parsed[bhttp::field::host], "cloud.example");
  EXPECT_EQ(parsed[bhttp::field::content_type], request.content_type);
  EXPECT_EQ(parsed["X-Request-Id"], "42");
  EXPECT_EQ(parsed.body(), request.body);
  EXPECT_TRUE(parsed.keep_alive());
}

TEST(RequestHead, AnEmptyPostStillSaysItsLength) {
  std::string head;
  ASSERT_TRUE(write_request_head(head, post_of(""), kLine));
  EXPECT_NE(head.find("Content-Length: 0\r\n"), std::string::npos);
}

TEST(RequestHead, ReusesTheBufferWithoutKeepingTheLastRequest) {
  std::string head;
  HttpRequest long_one;
  long_one.headers.emplace_back("X-Long", std::string(300, 'x'));
  ASSERT_TRUE(write_request_head(head, long_one, kLine));
  ASSERT_TRUE(write_request_head(head, HttpRequest{}, kLine));
  EXPECT_EQ(head.find("X-Long"), std::string::npos);
}

// A value that could end its line would let whoever chose it add a header or a request.
TEST(RequestHead, RefusesControlCharactersInAnyValue) {
  std::string head;
  HttpRequest split;
  split.headers.emplace_back("X-Note", "a\r\nHost: elsewhere");
  EXPECT_FALSE(write_request_head(head, split, kLine));
  HttpRequest typed = post_of("x");
  typed.content_type = "text/plain\r\nX-Injected: 1";
  EXPECT_FALSE(write_request_head(head, typed, kLine));
  EXPECT_FALSE(write_request_head(head, HttpRequest{}, {"/", "host\n", "ua"}));
  EXPECT_FALSE(write_request_head(head, HttpRequest{}, {"/", "host", "ua\x7f"}));
}

TEST(RequestHead, RefusesATargetThatWouldEndTheRequestLine) {
  std::string head;
  for (std::string_view target : {"", "/a b", "/a\r\nX: 1", "/\t"}) {
    EXPECT_FALSE(write_request_head(head, HttpRequest{}, {target, "h", "ua"})) << target;
  }
}

TEST(RequestHead, RefusesEveryByteATargetMayNotHoldInEveryPosition) {
  // The check reads eight bytes at a time: each byte value in each position of targets of one to
  // two words and a tail, against the definition (no whitespace, control byte or DEL).
  std::string head;
  for (std::size_t size = 1; size <= 17; ++size) {
    for (std::size_t at = 0; at < size; ++at) {
      for (int byte = 0; byte < 256; ++byte) {
        std::string target(size, 'a');
        target[at] = static_cast<char>(byte);
        const bool allowed = byte > 0x20 && byte != 0x7f;
        ASSERT_EQ(write_request_head(head, HttpRequest{}, {target, "h", "ua"}), allowed)
            << "byte " << byte << " at " << at << " of " << size;
      }
    }
  }
}

TEST(RequestHead, RefusesNamesThatAreNoTokensAndFieldsTheClientWrites) {
  std::string head;
  for (std::string_view name : {"", "Bad Name", "Bad:Name", "host", "Content-Length",
                                "TRANSFER-ENCODING", "Connection", "User-Agent", "content-type"}) {
    HttpRequest request;
    request.headers.emplace_back(std::string(name), "v");
    EXPECT_FALSE(write_request_head(head, request, kLine)) << name;
  }
}

}  // namespace
}  // namespace gt3::http
