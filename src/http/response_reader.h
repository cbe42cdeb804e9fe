// ResponseReader: Beast's HTTP/1.1 response parser keeping only what AsioHttpClient hands on:
// the status, the Content-Type and the body. Beast's response_parser stored every field and the
// reason phrase, each an allocation per cloud call, to be thrown away.
//
// The body may take max_body_bytes; past it the read fails with error::body_limit. Keep-alive,
// framing (Content-Length, chunked, to the end of the stream) and the header limit (8 KiB) are
// Beast's. One reader reads one response.
//
// Not thread-safe: one call's coroutine owns it.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <cstddef>
#include <string>

namespace gt3::http {

class ResponseReader final : public boost::beast::http::basic_parser<false> {
 public:
  // Bytes to ask of the socket per read: a cloud answer's head and body, whole.
  static constexpr std::size_t kReadSize = 4096;

  explicit ResponseReader(std::size_t max_body_bytes);

  // Feeds what `buffer` holds to the parser and drops what it took. True when the answer is
  // complete, or broken (`ec`); false when it needs more bytes.
  bool take(boost::beast::flat_buffer& buffer, boost::system::error_code& ec);
  // The error of a read that failed, as Beast's async_read reports it: at the end of the
  // stream, an answer that ends with it is complete (no error), one cut short is
  // partial_message, and no answer at all end_of_stream.
  boost::system::error_code end_of_reading(boost::system::error_code read_ec);

  int status() const { return status_; }
  std::string& content_type() { return content_type_; }  // of the first Content-Type field
  std::string& body() { return body_; }

 private:
  using error_code = boost::system::error_code;
  using string_view = boost::beast::string_view;

  void on_request_impl(boost::beast::http::verb, string_view, string_view, int,
                       error_code&) override {}
  void on_response_impl(int status, string_view, int, error_code&) override { status_ = status; }
  void on_field_impl(boost::beast::http::field name, string_view, string_view value,
                     error_code&) override;
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                         error_code&) override;
  std::size_t on_body_impl(string_view body, error_code&) override;
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code& ec) override {
    return on_body_impl(body, ec);
  }
  void on_finish_impl(error_code&) override {}

  int status_ = 0;
  bool has_content_type_ = false;
  std::string content_type_;
  std::string body_;
};

}  // namespace gt3::http
