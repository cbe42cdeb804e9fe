#include "http/response_reader.h"

namespace gt3::http {

ResponseReader::ResponseReader(std::size_t max_body_bytes) { body_limit(max_body_bytes); }

void ResponseReader::on_field_impl(boost::beast::http::field name, string_view, string_view value,
                                   error_code&) {
  if (name != boost::beast::http::field::content_type || has_content_type_) return;
  has_content_type_ = true;
  content_type_.assign(value.data(), value.size());
}

void ResponseReader::on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                                       error_code&) {
  // The parser has checked the length against the body limit.
  if (content_length) body_.reserve(static_cast<std::size_t>(*content_length));
}

std::size_t ResponseReader::on_body_impl(string_view body, error_code&) {
  body_.append(body.data(), body.size());
  return body.size();
}

}  // namespace gt3::http
