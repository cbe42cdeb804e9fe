#include "http/static_files.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>

#include "http/io_threads.h"
#include "http/server.h"
#include "testing/raw_connection.h"

namespace gt3::http {
namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& path, std::string_view content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

// A served folder "root" beside a "secret.txt" that must never be reachable, behind a server
// whose "/static/" routes serve "root".
class StaticFilesTest : public ::testing::Test {
 protected:
  StaticFilesTest() {
    base_ = fs::temp_directory_path() /
            ("gt3_static_" + std::to_string(std::random_device{}()) + std::to_string(::getpid()));
    root_ = base_ / "root";
    write_file(base_ / "secret.txt", "secret");
    write_file(root_ / "index.html", "<h1>home</h1>");
    write_file(root_ / "app.js", "let a = 1;");
    write_file(root_ / "style.CSS", "p {}");
    write_file(root_ / "sub" / "index.html", "<h1>sub</h1>");
    write_file(root_ / "data.bin", "\x01\x02");
    fs::create_symlink(base_ / "secret.txt", root_ / "escape.txt");
    fs::create_directory_symlink(base_, root_ / "up");
    fs::create_symlink(root_ / "app.js", root_ / "alias.js");

    Router router;
    router.add_prefix(Method::kGet, "/static/", static_files(root_, "/static/"));
    io_ = std::make_unique<IoThreads>(1);
    server_ = std::make_unique<HttpServer>(io_->context(), ServerOptions{}, std::move(router));
    EXPECT_TRUE(server_->start());
  }

  ~StaticFilesTest() override {
    server_.reset();
    io_.reset();
    std::error_code ignored;
    fs::remove_all(base_, ignored);
  }

  std::optional<testing::RawAnswer> get(std::string_view target) {
    return testing::get(server_->port(), target);
  }

  fs::path base_;
  fs::path root_;
  std::unique_ptr<IoThreads> io_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(StaticFilesTest, ServesAFileWithItsContentType) {
  auto answer = get("/static/app.js");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->body, "let a = 1;");
  EXPECT_EQ(answer->header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(get("/static/style.CSS")->header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(get("/static/data.bin")->header("Content-Type"), "application/octet-stream");
}

TEST_F(StaticFilesTest, ServesIndexHtmlForAFolder) {
  EXPECT_EQ(get("/static/")->body, "<h1>home</h1>");
  EXPECT_EQ(get("/static/sub/")->body, "<h1>sub</h1>");
  EXPECT_EQ(get("/static/sub")->body, "<h1>sub</h1>");
  EXPECT_EQ(get("/static/")->header("Content-Type"), "text/html; charset=utf-8");
}

TEST_F(StaticFilesTest, HeadHasTheLengthButNoBody) {
  testing::RawConnection connection(server_->port());
  connection.send("HEAD /static/app.js HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  auto answer = connection.read_answer(/*head=*/true);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->header("Content-Length"), "10");
  EXPECT_TRUE(connection.closed_by_peer());
}

TEST_F(StaticFilesTest, MissingFileIs404) { EXPECT_EQ(get("/static/nope.js")->status, 404); }

TEST_F(StaticFilesTest, SymlinkInsideTheRootIsServed) {
  EXPECT_EQ(get("/static/alias.js")->body, "let a = 1;");
}

TEST_F(StaticFilesTest, TraversalAttemptsAre404) {
  for (std::string_view target :
       {"/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/%2E%2E%2Fsecret.txt",
        "/static/..%2fsecret.txt", "/static/sub/../../secret.txt", "/static/..\\secret.txt",
        "/static/%5c..%5csecret.txt", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
        "/static/./app.js", "/static/app.js%00.png", "/static/../CMakeLists.txt"}) {
    auto answer = get(target);
    ASSERT_TRUE(answer) << target;
    EXPECT_TRUE(answer->status == 404 || answer->status == 400) << target << " " << answer->status;
    EXPECT_EQ(answer->body.find("secret\""), std::string::npos);
    EXPECT_NE(answer->body, "secret");
  }
}

TEST_F(StaticFilesTest, SymlinksLeadingOutsideAreRefused) {
  EXPECT_EQ(get("/static/escape.txt")->status, 404);
  EXPECT_EQ(get("/static/up/secret.txt")->status, 404);
}

TEST(StaticFiles, MissingRootIsRefusedAtConstruction) {
  EXPECT_THROW(static_files("/nonexistent/gt3/static", "/static/"), std::invalid_argument);
}

TEST(ContentType, KnowsTheDemoAssetTypes) {
  EXPECT_EQ(content_type_for("a.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("a.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("a.json"), "application/json");
  EXPECT_EQ(content_type_for("a.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("a.png"), "image/png");
  EXPECT_EQ(content_type_for("favicon.ico"), "image/x-icon");
  EXPECT_EQ(content_type_for("a.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(content_type_for("a.wasm"), "application/wasm");
  EXPECT_EQ(content_type_for("a.js.map"), "application/json");
  EXPECT_EQ(content_type_for("README"), "application/octet-stream");
}

}  // namespace
}  // namespace gt3::http

namespace gt3::http {
namespace {

// Runs a handler to its answer on a private io_context.
Response answer_of(const Handler& handler, std::string path) {
  boost::asio::io_context io;
  Request request;
  request.path = std::move(path);
  auto future = boost::asio::co_spawn(io, handler(request), boost::asio::use_future);
  io.run();
  return future.get();
}

TEST(StaticFilesInMemory, ServesTheGivenFilesUnderThePrefixAndRefusesTheRest) {
  const FileContents files = {{"gt3-widget.js", "widget"}, {"css/style.css", "css"}};
  const Handler under_static = static_files(files, "/static/");
  const Response widget = answer_of(under_static, "/static/gt3-widget.js");
  EXPECT_EQ(widget.status, 200);
  EXPECT_EQ(widget.body, "widget");
  EXPECT_EQ(widget.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(answer_of(under_static, "/static/css/style.css").body, "css");
  EXPECT_EQ(answer_of(under_static, "/static/../static/gt3-widget.js").status, 404);
  EXPECT_EQ(answer_of(under_static, "/static/nope.js").status, 404);
}

TEST(StaticFilesInMemory, OneFileForARoute) {
  const FileContents files = {{"index.html", "<p>hi</p>"}};
  const Response page = answer_of(static_file(files, "index.html"), "/");
  EXPECT_EQ(page.body, "<p>hi</p>");
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(answer_of(static_file(files, "status.html"), "/status").status, 404);
}

}  // namespace
}  // namespace gt3::http
