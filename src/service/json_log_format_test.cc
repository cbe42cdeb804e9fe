// log.format = "json": every line one JSON object that a pipeline can parse, whatever a client
// or a peer put in the message; and the access log's fields.
#include "service/json_log_format.h"

#include <gtest/gtest.h>

#include <cctype>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "service/logging.h"

namespace gt3::service {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// 2026-12-02T01:09:34.945Z
const Clock::WallTime kAt = Clock::WallTime(1796173774945ms);

json parsed(const std::string& line) {
  EXPECT_EQ(line.find('\n'), std::string::npos) << "one line: " << line;
  json value = json::parse(line, nullptr, /*allow_exceptions=*/false);
  EXPECT_TRUE(value.is_object()) << "not a JSON object: " << line;
  return value;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(JsonLogLine, HasTimeLevelLoggerComponentAndMessageInThatOrder) {
  const std::string line = json_log_line(kAt, spdlog::level::warn, "gt3",
                                         "bypass: online -> offline: probe refused", nullptr);
  EXPECT_EQ(line, R"({"time":"2026-12-02T01:09:34.945Z","level":"warn","logger":"gt3",)"
                  R"("component":"bypass","message":"bypass: online -> offline: probe refused"})");
  EXPECT_TRUE(parsed(line).is_object());
}

TEST(JsonLogLine, LevelsUseTheNamesOfLogLevel) {
  EXPECT_EQ(parsed(json_log_line(kAt, spdlog::level::err, "", "x", nullptr))["level"], "error");
  EXPECT_EQ(parsed(json_log_line(kAt, spdlog::level::critical, "", "x", nullptr))["level"],
            "critical");
  EXPECT_EQ(parsed(json_log_line(kAt, spdlog::level::debug, "", "x", nullptr))["level"], "debug");
}

TEST(JsonLogLine, AMessageWithoutALeadingWordHasNoComponent) {
  for (std::string_view message : {"no prefix here", "Upper: case", "two words: x", ": empty",
                                   "a-very-long-component-name-"
                                   "beyond-reason: x"}) {
    const json line = parsed(json_log_line(kAt, spdlog::level::info, "gt3", message, nullptr));
    EXPECT_FALSE(line.contains("component")) << message;
    EXPECT_EQ(line["message"], message);
  }
}

// What a client controls reaches the log (the access log's path, a peer's answer in a probe's
// detail): quotes, backslashes, line breaks and control characters are escaped, so the line
// neither breaks nor forges another.
TEST(JsonLogLine, HostileMessagesAreEscapedIntoOneValidLine) {
  const std::string hostile =
      "access: 1.2.3.4 GET /a\"b\\c\nd\r\te\x01\x1f\x7f\"},{\"level\":\"error\" 404";
  const std::string line = json_log_line(kAt, spdlog::level::info, "gt3", hostile, nullptr);
  const json value = parsed(line);
  EXPECT_EQ(value["message"], hostile);
  EXPECT_EQ(value["level"], "info");
  EXPECT_EQ(value.size(), 5u) << line;
}

TEST(JsonLogLine, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  // A lone continuation byte, a truncated sequence, an overlong encoding, and valid text around.
  const std::string message = "path /\x80x\xc3 \xc0\xaf\xff caf\xc3\xa9";
  const json value = parsed(json_log_line(kAt, spdlog::level::info, "gt3", message, nullptr));
  const std::string text = value["message"];
  EXPECT_NE(text.find("\xef\xbf\xbd"), std::string::npos) << "U+FFFD in place of the bad bytes";
  EXPECT_NE(text.find("caf\xc3\xa9"), std::string::npos) << "valid UTF-8 is kept";
  EXPECT_EQ(text.find('\xff'), std::string::npos);
}

TEST(JsonLogLine, FieldsFollowAndCannotReplaceTheLinesOwnKeys) {
  const nlohmann::ordered_json fields{{"code", 404}, {"message", "forged"}, {"time", "forged"}};
  const json value =
      parsed(json_log_line(kAt, spdlog::level::info, "gt3", "access: real", &fields));
  EXPECT_EQ(value["code"], 404);
  EXPECT_EQ(value["message"], "access: real");
  EXPECT_EQ(value["time"], "2026-12-02T01:09:34.945Z");
}

class LoggingTest : public ::testing::Test {
 protected:
  void configure(LogFormat format) {
    configure_logging(LogSettings{LogLevel::kInfo, format},
                      std::make_shared<spdlog::sinks::ostream_sink_mt>(out_));
  }
  void TearDown() override { configure_logging(LogSettings{}); }  // out_ goes with the test

  std::ostringstream out_;
};

TEST_F(LoggingTest, JsonFormatWritesOneObjectPerLineWithAnRfc3339UtcTime) {
  configure(LogFormat::kJson);
  spdlog::info("serve: listening on http://{}:{}", "127.0.0.1", 8080);
  spdlog::warn("offline: no \"secret\"\nconfigured");
  spdlog::debug("below the level: not written");
  const auto lines = lines_of(out_.str());
  ASSERT_EQ(lines.size(), 2u) << out_.str();
  const json first = parsed(lines[0]);
  // RFC 3339 in UTC with milliseconds, "2026-12-02T14:24:05.123Z", checked by position: std::regex
  // trips GCC 12's -Wmaybe-uninitialized under the sanitizers.
  const std::string time = first["time"].get<std::string>();
  ASSERT_EQ(time.size(), 24u) << time;
  std::string shape = time;
  for (char& c : shape) {
    if (std::isdigit(static_cast<unsigned char>(c))) c = '9';
  }
  EXPECT_EQ(shape, "9999-99-99T99:99:99.999Z") << time;
  EXPECT_EQ(first["level"], "info");
  EXPECT_EQ(first["logger"], "gt3");
  EXPECT_EQ(first["component"], "serve");
  EXPECT_EQ(first["message"], "serve: listening on http://127.0.0.1:8080");
  EXPECT_EQ(parsed(lines[1])["message"], "offline: no \"secret\"\nconfigured");
}

TEST_F(LoggingTest, TheJsonAccessLineCarriesItsFields) {
  configure(LogFormat::kJson);
  log_access({"other", "192.0.2.7", "GET", "/a\"b\nc\x01\xff", 404, 1500us});
  const auto lines = lines_of(out_.str());
  ASSERT_EQ(lines.size(), 1u) << out_.str();
  const json line = parsed(lines[0]);
  EXPECT_EQ(line["component"], "access");
  EXPECT_EQ(line["peer"], "192.0.2.7");
  EXPECT_EQ(line["method"], "GET");
  EXPECT_EQ(line["path"], "/a\"b\nc\x01\xef\xbf\xbd");
  EXPECT_EQ(line["code"], 404);
  EXPECT_EQ(line["route"], "other");
  EXPECT_DOUBLE_EQ(line["duration_ms"].get<double>(), 1.5);
}

TEST_F(LoggingTest, AnAnswerBeforeTheRequestLineLogsDashes) {
  configure(LogFormat::kJson);
  log_access({"other", "192.0.2.7", "", "", 408, 10ms});
  const json line = parsed(lines_of(out_.str()).at(0));
  EXPECT_EQ(line["method"], "-");
  EXPECT_EQ(line["path"], "-");
  EXPECT_EQ(line["message"], "access: 192.0.2.7 - - 408 10.000 ms");
}

TEST_F(LoggingTest, FieldsAreOnlyOnTheLineTheyWereAttachedTo) {
  configure(LogFormat::kJson);
  log_access({"register", "192.0.2.7", "GET", "/register", 200, 1ms});
  spdlog::info("bypass: a line of its own");
  const auto lines = lines_of(out_.str());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_TRUE(parsed(lines[0]).contains("route"));
  EXPECT_FALSE(parsed(lines[1]).contains("route"));
}

TEST_F(LoggingTest, TheTextFormatKeepsItsAccessLine) {
  configure(LogFormat::kText);
  log_access({"register", "192.0.2.7", "GET", "/register", 200, 1500us});
  const std::string text = out_.str();
  EXPECT_NE(text.find(" info  access: 192.0.2.7 GET /register 200 1.500 ms\n"), std::string::npos)
      << text;
  EXPECT_EQ(text.find('{'), std::string::npos) << text;
}

// A decoded %0A in a path must not end the text line either (a forged second line).
TEST_F(LoggingTest, TheTextAccessLineWritesControlBytesAsEscapes) {
  configure(LogFormat::kText);
  log_access({"other", "192.0.2.7", "GET", "/a\n2026 info  access: forged\r\\", 404, 1ms});
  const auto lines = lines_of(out_.str());
  ASSERT_EQ(lines.size(), 1u) << out_.str();
  EXPECT_NE(lines[0].find("GET /a\\x0a2026 info  access: forged\\x0d\\x5c 404"), std::string::npos)
      << lines[0];
}

}  // namespace
}  // namespace gt3::service
