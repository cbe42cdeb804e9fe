// string_field_of_answer: what it reads from an answer, whichever of its two readings takes it
// (the one-pass reading of a flat object of plain strings, or nlohmann's events for the rest),
// compared with a whole parsed document. The fuzz targets register_answer and validate_answer
// compare the same on generated input.
#include "sdk/cloud_answer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace gt3 {
namespace {

// "string:<text>", "missing", "not_json", "not_object" or "not_string": the field as a parsed
// document holds it.
std::string document_reading(std::string_view body) {
  const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return "not_json";
  if (!json.is_object()) return "not_object";
  const auto it = json.find("challenge");
  if (it == json.end()) return "missing";
  if (!it->is_string()) return "not_string";
  return "string:" + it->get<std::string>();
}

std::string reading(std::string_view body) {
  const Result<std::string> field =
      string_field_of_answer(body, "challenge", Reason::kChallengeMissing);
  if (field) return "string:" + *field;
  switch (field.error().reason) {
    case Reason::kChallengeMissing:
      return "missing";
    case Reason::kNotJson:
      return "not_json";
    case Reason::kWrongType:
      return field.error().detail == "answer is not a JSON object" ? "not_object" : "not_string";
    default:
      return "unexpected reason";
  }
}

TEST(CloudAnswer, BothReadingsAgreeWithAParsedDocument) {
  const char* const bodies[] = {
      // Flat objects of plain strings: the one-pass reading.
      R"({"challenge":"4c9eff81d98171c56bf0d08064bd6510"})",
      " \t\r\n{ \"challenge\" : \"abc\" , \"x\" : \"y\" } \n",
      R"({})",
      R"({"x":"y"})",
      R"({"challenge":"first","challenge":"last"})",
      R"({"challenge":""})",
      R"({"Challenge":"other case"})",
      // Anything else, read by the parser: escapes, other bytes, other values, nesting.
      R"({"challenge":"a\"b"})",
      R"({"chal\u006cenge":"escaped name"})",
      "{\"challenge\":\"caf\xc3\xa9\"}",
      "{\"challenge\":\"bad \xff utf-8\"}",
      "{\"challenge\":\"a\x01 control\"}",
      R"({"challenge":1})",
      R"({"challenge":null})",
      R"({"challenge":{"challenge":"inner"}})",
      R"({"x":["challenge"],"challenge":"after an array"})",
      R"(["challenge"])",
      R"("challenge")",
      // Broken documents, in each place the one-pass reading could stop.
      "",
      "{",
      R"({"challenge")",
      R"({"challenge":)",
      R"({"challenge":"abc)",
      R"({"challenge":"abc",})",
      R"({,"challenge":"abc"})",
      R"({"challenge":"abc"}})",
      R"({"challenge":"abc"} x)",
      R"({"challenge" "abc"})",
      R"({'challenge':'abc'})",
  };
  for (const char* body : bodies) {
    EXPECT_EQ(reading(body), document_reading(body)) << "body: " << body;
  }
}

}  // namespace
}  // namespace gt3
