// RequestReader: Beast's HTTP/1.1 request parser writing straight into a Request. A keep-alive
// connection reuses one Request, so the strings and vectors of the request line, the header
// fields and the body keep their capacity from one request to the next, where Beast's
// request_parser allocated every field and the body anew (about seven allocations a request).
//
// Limits are Beast's: the request line and headers may take max_header_bytes (saturating at
// 2^32 - 1), the body max_body_bytes; past them the read fails with error::header_limit or
// error::body_limit. One reader reads one request: make a new one (it allocates nothing) for the
// next. Once it is done, finish_request() decodes the target.
//
// Not thread-safe: one connection's coroutine owns it and its Request.
#pragma once

#include <boost/beast/http/basic_parser.hpp>
#include <cstddef>
#include <string>
#include <string_view>

#include "gt3/result.h"
#include "http/request.h"

namespace gt3::http {

class RequestReader final : public boost::beast::http::basic_parser<true> {
 public:
  // Clears `out`'s request line, headers and body (keeping their capacity); `out` must outlive
  // the reader.
  RequestReader(Request& out, std::size_t max_header_bytes, std::size_t max_body_bytes);

  // The method as sent and the target, once the request line is parsed; "" before.
  std::string_view method_text() const { return method_text_; }
  std::string_view target() const { return out_.target; }
  unsigned version() const { return version_; }
  bool is_head() const { return verb_ == boost::beast::http::verb::head; }

 private:
  using error_code = boost::system::error_code;
  using string_view = boost::beast::string_view;

  void on_request_impl(boost::beast::http::verb method, string_view method_text, string_view target,
                       int version, error_code& ec) override;
  void on_response_impl(int, string_view, int, error_code&) override {}
  void on_field_impl(boost::beast::http::field, string_view name, string_view value,
                     error_code& ec) override;
  void on_header_impl(error_code& ec) override;
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                         error_code& ec) override;
  std::size_t on_body_impl(string_view body, error_code& ec) override;
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code& ec) override;
  void on_finish_impl(error_code&) override {}

  Request& out_;
  std::size_t fields_ = 0;
  std::string method_text_;
  unsigned version_ = 11;
  boost::beast::http::verb verb_ = boost::beast::http::verb::unknown;
};

// Completes the Request a reader filled: the decoded path and query, and the peer's address.
// Error kBadEncoding for a malformed percent-escape in the path or the query.
Result<void> finish_request(Request& out, std::string_view peer);

}  // namespace gt3::http
