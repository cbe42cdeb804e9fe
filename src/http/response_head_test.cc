#include "http/response_head.h"

#include <gtest/gtest.h>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cctype>

#include "testing/parse_back.h"

namespace gt3::http {
namespace {

namespace bhttp = boost::beast::http;

constexpr HeadFields kFields{11, true, "gt3-bypass", "Wed, 02 Dec 2026 12:00:00 GMT"};

bhttp::response<bhttp::string_body> parse(const std::string& head, const std::string& body) {
  return testing::parse_back<bhttp::response_parser<bhttp::string_body>>(head, body);
}

TEST(ResponseHead, WritesTheStatusLineAndTheServersFieldsInOrder) {
  std::string head;
  ASSERT_TRUE(write_response_head(head, Response::json(200, R"({"status":"ok"})"), kFields));
  EXPECT_EQ(head,
            "HTTP/1.1 200 OK\r\n"
            "Server: gt3-bypass\r\n"
            "Date: Wed, 02 Dec 2026 12:00:00 GMT\r\n"
            "Content-Type: application/json;charset=UTF-8\r\n"
            "Content-Length: 15\r\n"
            "Connection: keep-alive\r\n"
            "\r\n");
}

TEST(ResponseHead, AnUncacheableAnswerCarriesNoStoreOnceAfterItsContentType) {
  std::string head;
  ASSERT_TRUE(write_response_head(head, Response::json(200, "{}").no_store().no_store(), kFields));
  EXPECT_EQ(head,
            "HTTP/1.1 200 OK\r\n"
            "Server: gt3-bypass\r\n"
            "Date: Wed, 02 Dec 2026 12:00:00 GMT\r\n"
            "Content-Type: application/json;charset=UTF-8\r\n"
            "Cache-Control: no-store\r\n"
            "Content-Length: 2\r\n"
            "Connection: keep-alive\r\n"
            "\r\n");
}

TEST(ResponseHead, ParsesBackWithTheHandlersHeadersAndTheBody) {
  Response response = Response::error(405, "method_not_allowed", "use GET");
  response.headers.emplace_back("Allow", "GET, HEAD");
  response.no_store();
  std::string head;
  ASSERT_TRUE(write_response_head(head, response, {10, false, "gt3-bypass", kFields.date}));
  const auto parsed = parse(head, response.body);
  EXPECT_EQ(parsed.version(), 10u);
  EXPECT_EQ(parsed.result_int(), 405u);
  EXPECT_EQ(parsed[bhttp::field::allow], "GET, HEAD");
  EXPECT_EQ(parsed[bhttp::field::cache_control], "no-store");
  EXPECT_EQ(parsed[bhttp::field::connection], "close");
  EXPECT_EQ(parsed.body(), response.body);
}

TEST(ResponseHead, ReusesTheBufferWithoutKeepingTheLastAnswer) {
  std::string head;
  Response long_one = Response::json(200, "{}");
  long_one.headers.emplace_back("X-Long", std::string(300, 'x'));
  ASSERT_TRUE(write_response_head(head, long_one, kFields));
  ASSERT_TRUE(write_response_head(head, Response::json(404, "{}"), kFields));
  EXPECT_EQ(head.find("X-Long"), std::string::npos);
  EXPECT_EQ(head.rfind("HTTP/1.1 404 Not Found\r\n", 0), 0u);
}

TEST(ResponseHead, SendsNoContentLengthOnA204) {
  std::string head;
  ASSERT_TRUE(write_response_head(head, Response{204, "", "", {}, nullptr}, kFields));
  EXPECT_EQ(head.find("Content-Length"), std::string::npos);
}

TEST(ResponseHead, RefusesABodyOnAnswersThatCannotHaveOne) {
  std::string head;
  for (int status : {101, 204, 304}) {
    EXPECT_FALSE(write_response_head(head, Response::json(status, "{}"), kFields)) << status;
  }
}

TEST(ResponseHead, RefusesAStatusOutsideThreeDigits) {
  std::string head;
  for (int status : {-1, 0, 99, 1000}) {
    EXPECT_FALSE(write_response_head(head, Response::json(status, ""), kFields)) << status;
  }
}

// An attacker-influenced value that reached a header must not split the answer.
TEST(ResponseHead, RefusesControlCharactersThatCouldSplitTheAnswer) {
  std::string head;
  for (const std::string& value :
       std::vector<std::string>{"a\r\nSet-Cookie: x=1", "a\nb", std::string("a\0b", 3), "\x7f"}) {
    Response response = Response::json(200, "{}");
    response.headers.emplace_back("X-Echo", value);
    EXPECT_FALSE(write_response_head(head, response, kFields));
    Response typed = Response::json(200, "{}");
    typed.content_type = value;
    EXPECT_FALSE(write_response_head(head, typed, kFields));
  }
  EXPECT_FALSE(write_response_head(head, Response::json(200, "{}"),
                                   {11, true, "gt3\r\nX: y", kFields.date}));
}

TEST(ResponseHead, AcceptsTabsAndObsTextInValues) {
  std::string head;
  Response response = Response::json(200, "{}");
  response.headers.emplace_back("X-Value", "a\tb \xe9");
  EXPECT_TRUE(write_response_head(head, response, kFields));
}

TEST(ResponseHead, RefusesNamesThatAreNotTokensAndFieldsTheServerWrites) {
  std::string head;
  for (const std::string name : {"", "Bad Name", "Bad:Name", "content-length", "Connection",
                                 "Transfer-Encoding", "DATE", "Server", "Content-Type"}) {
    Response response = Response::json(200, "{}");
    response.headers.emplace_back(name, "1");
    EXPECT_FALSE(write_response_head(head, response, kFields)) << name;
  }
}

// "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 section 5.6.7), checked by position: std::regex
// trips GCC 12's -Wmaybe-uninitialized under the sanitizers.
TEST(ResponseHead, DateIsAnImfFixdate) {
  const std::string date(http_date_now());
  ASSERT_EQ(date.size(), 29u) << date;
  const std::string days = "Mon Tue Wed Thu Fri Sat Sun";
  const std::string months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec";
  EXPECT_NE(days.find(date.substr(0, 3)), std::string::npos) << date;
  EXPECT_NE(months.find(date.substr(8, 3)), std::string::npos) << date;
  EXPECT_EQ(date.substr(3, 2), ", ") << date;
  EXPECT_EQ(date.substr(25), " GMT") << date;
  for (std::size_t digit : {5u, 6u, 12u, 13u, 14u, 15u, 17u, 18u, 20u, 21u, 23u, 24u}) {
    EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(date[digit]))) << date << " at " << digit;
  }
  EXPECT_EQ(std::string() + date[7] + date[11] + date[16] + date[19] + date[22], "   ::") << date;
}

}  // namespace
}  // namespace gt3::http
