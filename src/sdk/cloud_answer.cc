#include "sdk/cloud_answer.h"

#include <cstddef>
#include <nlohmann/json.hpp>

#include "sdk/form_encoding.h"

namespace gt3 {
namespace {

using json = nlohmann::json;

// Reads the answer as a stream of events (nlohmann's SAX interface) and keeps only the field
// asked for: building the whole document cost about a dozen allocations per cloud call. Reads
// to the end, so that a broken document is kNotJson wherever it breaks, and keeps the last of
// duplicate fields, as a parsed document does.
class FieldReader final : public nlohmann::json_sax<json> {
 public:
  enum class Found { kNothing, kString, kOtherType };

  explicit FieldReader(std::string_view field) : field_(field) {}

  bool null() override { return value(Found::kOtherType); }
  bool boolean(bool) override { return value(Found::kOtherType); }
  bool number_integer(number_integer_t) override { return value(Found::kOtherType); }
  bool number_unsigned(number_unsigned_t) override { return value(Found::kOtherType); }
  bool number_float(number_float_t, const string_t&) override { return value(Found::kOtherType); }
  bool binary(binary_t&) override { return value(Found::kOtherType); }
  bool string(string_t& text) override {
    if (depth_ == 1 && at_field_) text_ = text;
    return value(Found::kString);
  }
  bool start_object(std::size_t) override {
    if (depth_ == 0) top_is_object_ = true;
    value(Found::kOtherType);
    ++depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    value(Found::kOtherType);
    ++depth_;
    return true;
  }
  bool end_object() override { return --depth_, true; }
  bool end_array() override { return --depth_, true; }
  bool key(string_t& name) override {
    at_field_ = depth_ == 1 && name == field_;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

  bool top_is_object() const { return top_is_object_; }
  Found found() const { return found_; }
  std::string& text() { return text_; }

 private:
  // A value begins: when it is the field's, it decides what was found.
  bool value(Found kind) {
    if (depth_ == 1 && at_field_) found_ = kind;
    at_field_ = false;
    return true;
  }

  const std::string_view field_;
  std::size_t depth_ = 0;
  bool at_field_ = false;
  bool top_is_object_ = false;
  Found found_ = Found::kNothing;
  std::string text_;
};

}  // namespace

Result<std::string> string_field_of_answer(std::string_view body, std::string_view field,
                                           Reason missing) {
  FieldReader reader(field);
  if (!json::sax_parse(body, &reader)) return Error{Reason::kNotJson, "answer: " + excerpt(body)};
  if (!reader.top_is_object()) return Error{Reason::kWrongType, "answer is not a JSON object"};
  switch (reader.found()) {
    case FieldReader::Found::kNothing:
      return Error{missing, "answer: " + excerpt(body)};
    case FieldReader::Found::kOtherType:
      return Error{Reason::kWrongType, std::string(field) + " is not a string"};
    case FieldReader::Found::kString:
      break;
  }
  return std::move(reader.text());
}

}  // namespace gt3
