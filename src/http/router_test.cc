#include "http/router.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>
#include <optional>

namespace gt3::http {
namespace {

Handler answer(std::string body) {
  return [body](const Request&) -> boost::asio::awaitable<Response> {
    co_return Response::json(200, body);
  };
}

Response call(const Router& router, Method method, std::string path) {
  Request request;
  request.method = method;
  request.path = std::move(path);
  boost::asio::io_context io;
  std::optional<Response> response;
  boost::asio::co_spawn(io, router.route(request)(request),
                        [&](std::exception_ptr, Response r) { response = std::move(r); });
  io.run();
  return response.value_or(Response{});
}

std::string header(const Response& response, std::string_view name) {
  for (const auto& [field, value] : response.headers) {
    if (field == name) return value;
  }
  return {};
}

TEST(Router, ExactPathAndMethodFindTheirHandler) {
  Router router;
  router.add(Method::kGet, "/a", answer("get a")).add(Method::kPost, "/a", answer("post a"));
  EXPECT_EQ(call(router, Method::kGet, "/a").body, "get a");
  EXPECT_EQ(call(router, Method::kPost, "/a").body, "post a");
}

TEST(Router, UnknownPathIsA404JsonError) {
  Router router;
  router.add(Method::kGet, "/a", answer("a"));
  const Response response = call(router, Method::kGet, "/b");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"], "not_found");
}

TEST(Router, OtherMethodIsA405WithAllow) {
  Router router;
  router.add(Method::kGet, "/a", answer("a")).add(Method::kPost, "/a", answer("a"));
  const Response response = call(router, Method::kDelete, "/a");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"], "method_not_allowed");
  EXPECT_EQ(header(response, "Allow"), "GET, HEAD, POST");
}

TEST(Router, HeadFallsBackToGet) {
  Router router;
  router.add(Method::kGet, "/a", answer("a"));
  EXPECT_EQ(call(router, Method::kHead, "/a").body, "a");
}

TEST(Router, LaterAdditionReplacesEarlier) {
  Router router;
  router.add(Method::kGet, "/a", answer("old")).add(Method::kGet, "/a", answer("new"));
  EXPECT_EQ(call(router, Method::kGet, "/a").body, "new");
}

TEST(Router, PrefixRoutesMatchWhatNoExactRouteDoes) {
  Router router;
  router.add_prefix(Method::kGet, "/static/", answer("static"))
      .add_prefix(Method::kGet, "/static/img/", answer("img"))
      .add(Method::kGet, "/static/exact", answer("exact"));
  EXPECT_EQ(call(router, Method::kGet, "/static/a.js").body, "static");
  EXPECT_EQ(call(router, Method::kGet, "/static/img/a.png").body, "img");
  EXPECT_EQ(call(router, Method::kGet, "/static/exact").body, "exact");
  EXPECT_EQ(call(router, Method::kGet, "/other").status, 404);
  EXPECT_EQ(call(router, Method::kPost, "/static/a.js").status, 405);
}

TEST(Router, CopiesAndMovesKeepTheirOwnRoutes) {
  Router original;
  original.add(Method::kGet, "/a", answer("a"));
  Router copy = original;
  copy.add(Method::kPost, "/a", answer("post"));
  Router moved = std::move(original);
  EXPECT_EQ(header(call(moved, Method::kPut, "/a"), "Allow"), "GET, HEAD");
  EXPECT_EQ(header(call(copy, Method::kPut, "/a"), "Allow"), "GET, HEAD, POST");
}

// What the service counts under route "other": the router's own 404 and 405 pass through the
// wrapping, the routes' handlers do not; copies (the server holds one) keep it.
TEST(Router, WrapOwnAnswersWrapsThe404AndThe405OnlyAndSurvivesACopy) {
  Router router;
  router.add(Method::kGet, "/a", answer("a"));
  int wrapped_calls = 0;
  router.wrap_own_answers([&wrapped_calls](Handler inner) -> Handler {
    return [&wrapped_calls, inner](const Request& request) {
      ++wrapped_calls;
      return inner(request);
    };
  });
  const Router copy = router;
  EXPECT_EQ(call(copy, Method::kGet, "/nothing").status, 404);
  EXPECT_EQ(call(copy, Method::kPost, "/a").status, 405);
  EXPECT_EQ(call(copy, Method::kGet, "/a").status, 200);
  EXPECT_EQ(wrapped_calls, 2);
}

}  // namespace
}  // namespace gt3::http
