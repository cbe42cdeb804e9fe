#include "http/response.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace gt3::http {
namespace {

TEST(Response, ErrorIsAJsonObjectWithCodeAndMessage) {
  const Response response = Response::error(404, "not_found", "there is nothing \"here\"");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, kJsonContentType);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body,
            nlohmann::json({{"error", "not_found"}, {"message", "there is nothing \"here\""}}));
}

TEST(Response, ErrorSurvivesInvalidUtf8InTheMessage) {
  const Response response = Response::error(400, "bad_request", "bad \xff byte");
  EXPECT_TRUE(nlohmann::json::accept(response.body));
}

TEST(Response, BadRequestNamesTheReasonAndTheDetail) {
  const Response response = Response::bad_request(Error{Reason::kBadEncoding, "the pair \"a=%\""});
  EXPECT_EQ(response.status, 400);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["error"], "bad_encoding");
  EXPECT_NE(body["message"].get<std::string>().find("the pair \"a=%\""), std::string::npos);
}

TEST(Response, JsonKeepsTheBody) {
  const Response response = Response::json(201, R"({"a":1})");
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, R"({"a":1})");
}

TEST(Response, NoStoreMarksTheAnswerAndKeepsTheRest) {
  Response response = Response::json(200, "{}");
  EXPECT_FALSE(response.uncacheable);
  response.headers.emplace_back("X-Other", "1");
  response.no_store().no_store();
  using Header = std::pair<std::string, std::string>;
  EXPECT_TRUE(response.uncacheable);
  EXPECT_EQ(response.headers, (std::vector<Header>{{"X-Other", "1"}}));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "{}");
}

TEST(Response, NoStoreOnATemporaryGivesTheWholeAnswer) {
  const Response response = Response::error(503, "busy", "try again").no_store();
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"], "busy");
  EXPECT_TRUE(response.uncacheable);
}

}  // namespace
}  // namespace gt3::http
