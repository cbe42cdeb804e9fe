// `gt3-bypass serve --log.format=json` as a process: every line it writes on stdout and stderr,
// from the start to the exit on SIGTERM, parses as one JSON object, access lines included, even
// for a request whose path holds a quote, a line break, a control character and a byte that is
// not UTF-8. Loopback only; the cloud is a closed port (the service starts offline).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "testing/child_process.h"
#include "testing/raw_connection.h"
#include "testing/redis_server.h"

namespace gt3::service {
namespace {

using nlohmann::json;
using testing::ChildProcess;

TEST(LogFormatProcess, EveryLineOfAJsonServeIsAJsonObject) {
  const std::string nowhere = "http://127.0.0.1:" + std::to_string(testing::free_loopback_port());
  ChildProcess serve(
      GT3_BYPASS_PROGRAM,
      {"serve", "--log.format=json", "--server.access_log=true", "--server.listen=127.0.0.1:0",
       "--server.threads=1", "--geetest.id=0123456789abcdef0123456789abcdef",
       "--geetest.key=fedcba9876543210fedcba9876543210", "--geetest.api_url=" + nowhere,
       "--geetest.bypass_url=" + nowhere + "/v1/bypass_status.php"});
  ASSERT_TRUE(serve.started());

  std::vector<json> lines;
  const auto next = [&]() -> std::optional<json> {
    const auto line = serve.read_line();
    if (!line) return std::nullopt;
    json value = json::parse(*line, nullptr, /*allow_exceptions=*/false);
    EXPECT_TRUE(value.is_object()) << "not one JSON object: " << *line;
    lines.push_back(value);
    return value;
  };

  // The start: the listening line names the port.
  std::uint16_t port = 0;
  // Found by hand: std::regex trips GCC 12's -Wmaybe-uninitialized under the sanitizers.
  const std::string listening = "listening on http://127.0.0.1:";
  while (port == 0) {
    const auto line = next();
    ASSERT_TRUE(line) << "serve printed no listening line";
    const std::string message = line->value("message", "");
    const std::size_t at = message.find(listening);
    if (at != std::string::npos) {
      port = static_cast<std::uint16_t>(std::stoi(message.substr(at + listening.size())));
    }
  }

  // %22 a quote, %0A a line break, %01 a control character, %FF not UTF-8: the decoded path.
  const auto hostile = testing::get(port, "/a%22b%0Ac%01d%FF");
  ASSERT_TRUE(hostile);
  EXPECT_EQ(hostile->status, 404);
  const auto health = testing::get(port, "/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);

  const int status = serve.stop(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "exit status " << status;
  while (next()) {
  }

  std::vector<json> access;
  for (const json& line : lines) {
    EXPECT_TRUE(line.contains("time") && line.contains("level") && line.contains("message"))
        << line.dump();
    if (line.value("component", "") == "access") access.push_back(line);
  }
  ASSERT_EQ(access.size(), 2u) << "one line per request, none split";
  EXPECT_EQ(access[0].value("path", ""),
            "/a\"b\nc\x01"
            "d\xef\xbf\xbd");
  EXPECT_EQ(access[0].value("route", ""), "other");
  EXPECT_EQ(access[0].value("code", 0), 404);
  EXPECT_EQ(access[1].value("path", ""), "/healthz");
  EXPECT_EQ(access[1].value("route", ""), "healthz");
  EXPECT_EQ(access[1].value("method", ""), "GET");
  EXPECT_TRUE(access[1].contains("duration_ms"));
  EXPECT_EQ(lines.back().value("message", ""), "serve: stopped");
}

}  // namespace
}  // namespace gt3::service
