#include "http/response_reader.h"

#include <boost/asio/error.hpp>
#include <boost/beast/http/error.hpp>

namespace gt3::http {

ResponseReader::ResponseReader(std::size_t max_body_bytes) { body_limit(max_body_bytes); }

bool ResponseReader::take(boost::beast::flat_buffer& buffer, error_code& ec) {
  while (buffer.size() != 0 && !is_done()) {
    const std::size_t used = put(buffer.data(), ec);
    buffer.consume(used);
    if (ec == boost::beast::http::error::need_more) {
      ec = {};
      return false;
    }
    if (ec) return true;
    if (used == 0) return false;
  }
  return is_done();
}

boost::system::error_code ResponseReader::end_of_reading(error_code read_ec) {
  if (read_ec != boost::asio::error::eof) return read_ec;
  if (!got_some()) return boost::beast::http::error::end_of_stream;
  error_code ec;
  put_eof(ec);
  return ec;
}

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
