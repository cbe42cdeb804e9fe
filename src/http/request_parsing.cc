#include "http/request_parsing.h"

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/url/encoding_opts.hpp>
#include <boost/url/pct_string_view.hpp>
#include <cstdint>
#include <limits>
#include <utility>

namespace gt3::http {
namespace {

namespace bhttp = boost::beast::http;
using boost::system::error_code;

Method to_method(bhttp::verb verb) {
  switch (verb) {
    case bhttp::verb::get:
      return Method::kGet;
    case bhttp::verb::head:
      return Method::kHead;
    case bhttp::verb::post:
      return Method::kPost;
    case bhttp::verb::put:
      return Method::kPut;
    case bhttp::verb::delete_:
      return Method::kDelete;
    case bhttp::verb::options:
      return Method::kOptions;
    case bhttp::verb::patch:
      return Method::kPatch;
    default:
      return Method::kOther;
  }
}

Result<std::string> decode_path(std::string_view path) {
  auto checked = boost::urls::make_pct_string_view(path);
  if (!checked) {
    return Error{Reason::kBadEncoding, "the path has a malformed percent-escape"};
  }
  return checked->decode(boost::urls::encoding_opts(/*space_as_plus=*/false));
}

}  // namespace

void limit_request_parser(RequestParser& parser, std::size_t max_header_bytes,
                          std::size_t max_body_bytes) {
  parser.header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
  parser.body_limit(max_body_bytes);
}

Result<void> fill_request(BeastRequest&& in, std::string_view peer, Request& out) {
  out.method = to_method(in.method());
  out.target.assign(in.target().data(), in.target().size());
  const std::string_view target = out.target;
  const std::size_t question = target.find('?');
  auto path = decode_path(target.substr(0, question));
  if (!path) return path.error();
  out.path = std::move(*path);
  out.query = {};
  if (question != std::string_view::npos) {
    auto query = Params::decode(target.substr(question + 1), /*plus_is_space=*/true);
    if (!query) return query.error();
    out.query = std::move(*query);
  }
  // Assigned over the last request's strings, so that their capacity serves again.
  std::size_t count = 0;
  for (const auto& field : in) {
    const std::string_view name(field.name_string().data(), field.name_string().size());
    const std::string_view value(field.value().data(), field.value().size());
    if (count < out.headers.size()) {
      out.headers[count].first.assign(name);
      out.headers[count].second.assign(value);
    } else {
      out.headers.emplace_back(name, value);
    }
    ++count;
  }
  out.headers.resize(count);
  out.body = std::move(in.body());
  out.peer_address.assign(peer);
  return {};
}

Result<Request> to_request(BeastRequest&& in, std::string peer) {
  Request out;
  if (auto filled = fill_request(std::move(in), peer, out); !filled) return filled.error();
  return out;
}

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
  RequestParser parser;
  limit_request_parser(parser, max_header_bytes, max_body_bytes);
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
  auto request = to_request(parser.release(), std::move(peer));
  if (!request) {
    out.answer = Response::bad_request(request.error());
  } else {
    out.request = std::move(*request);
  }
  return out;
}

}  // namespace gt3::http
