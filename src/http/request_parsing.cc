#include "http/request_parsing.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>

#include "http/request_reader.h"

namespace gt3::http {
namespace {

namespace bhttp = boost::beast::http;
using boost::system::error_code;

}  // namespace

std::optional<Response> answer_to_read_error(const error_code& ec, bool timed_out,
                                             std::size_t max_header_bytes,
                                             std::size_t max_body_bytes) {
  if (timed_out) {
    return Response::error(408, "request_timeout",
                           "the request did not arrive in time; send the whole request at once");
  }
  if (ec == bhttp::error::header_limit) {
    return Response::error(431, "header_too_large",
                           "the request line and headers exceed " +
                               std::to_string(max_header_bytes) +
                               " bytes; send fewer or shorter headers");
  }
  if (ec == bhttp::error::body_limit) {
    return Response::error(413, "body_too_large",
                           "the request body exceeds " + std::to_string(max_body_bytes) +
                               " bytes; send a smaller body");
  }
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return std::nullopt;
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
    return Response::error(400, "bad_request",
                           "the request is not valid HTTP/1.1 (" + ec.message() +
                               "); check the request line and the headers");
  }
  return std::nullopt;
}

ReadRequest read_request(std::string_view wire, std::size_t max_header_bytes,
                         std::size_t max_body_bytes, std::string peer) {
  Request request;
  RequestReader parser(request, max_header_bytes, max_body_bytes);
  ReadRequest out;
  error_code ec;
  // The loop of Beast's http::read over a buffer that already holds every byte: parse what is
  // there; when the parser needs more, the stream is at its end.
  while (!parser.is_done()) {
    if (wire.size() > out.consumed) {
      out.consumed += parser.put(
          boost::asio::buffer(wire.data() + out.consumed, wire.size() - out.consumed), ec);
    } else {
      ec = bhttp::error::need_more;
    }
    if (ec != bhttp::error::need_more) {
      if (ec) break;
      continue;
    }
    ec = {};
    if (parser.got_some()) {
      parser.put_eof(ec);
    } else {
      ec = bhttp::error::end_of_stream;
    }
    break;
  }
  if (ec) {
    out.answer = answer_to_read_error(ec, /*timed_out=*/false, max_header_bytes, max_body_bytes);
    return out;
  }
  if (auto finished = finish_request(request, peer); !finished) {
    out.answer = Response::bad_request(finished.error());
  } else {
    out.request = std::move(request);
  }
  return out;
}

}  // namespace gt3::http
