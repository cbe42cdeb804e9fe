#include "sdk/cloud_answer.h"

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>

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

// The answers GeeTest sends are one flat object of plain strings ({"challenge":"..."}): read
// here in one pass, where nlohmann's lexer spent thousands of instructions on a few dozen bytes.
// Only what needs no decoding is taken: printable ASCII strings without escapes, no numbers,
// nesting or other bytes. Anything else is nullopt, and the parser reads it (and says why it is
// wrong, when it is).
class FlatAnswer {
 public:
  explicit FlatAnswer(std::string_view body) : at_(body.data()), end_(body.data() + body.size()) {}

  // Whether the body is such an object; `value` then holds the last string under `field`.
  bool read(std::string_view field, std::optional<std::string_view>& value) {
    skip_space();
    if (!take('{')) return false;
    skip_space();
    if (take('}')) return ends();
    for (;;) {
      std::string_view name, text;
      if (!string(name)) return false;
      skip_space();
      if (!take(':')) return false;
      skip_space();
      if (!string(text)) return false;
      if (name == field) value = text;
      skip_space();
      if (take('}')) return ends();
      if (!take(',')) return false;
      skip_space();
    }
  }

 private:
  bool ends() {
    skip_space();
    return at_ == end_;
  }
  void skip_space() {
    while (at_ != end_ && (*at_ == ' ' || *at_ == '\t' || *at_ == '\n' || *at_ == '\r')) ++at_;
  }
  bool take(char c) {
    if (at_ == end_ || *at_ != c) return false;
    ++at_;
    return true;
  }
  bool string(std::string_view& text) {
    if (!take('"')) return false;
    const char* begin = at_;
    while (at_ != end_ && *at_ != '"') {
      const unsigned char c = static_cast<unsigned char>(*at_);
      if (c < 0x20 || c > 0x7e || c == '\\') return false;
      ++at_;
    }
    if (at_ == end_) return false;
    text = std::string_view(begin, static_cast<std::size_t>(at_ - begin));
    ++at_;
    return true;
  }

  const char* at_;
  const char* end_;
};

}  // namespace

Result<std::string> string_field_of_answer(std::string_view body, std::string_view field,
                                           Reason missing) {
  std::optional<std::string_view> flat_value;
  if (FlatAnswer(body).read(field, flat_value)) {
    if (!flat_value) return Error{missing, "answer: " + excerpt(body)};
    return std::string(*flat_value);
  }
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
