#include "http/request_reader.h"

#include <algorithm>
#include <boost/url/encoding_opts.hpp>
#include <boost/url/pct_string_view.hpp>
#include <cstdint>
#include <limits>
#include <utility>

namespace gt3::http {
namespace {

namespace bhttp = boost::beast::http;

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

Result<void> decode_path(std::string_view path, std::string& out) {
  // Nearly every path holds no escape and decodes to itself ('+' is no space in a path): copied
  // without Boost's check-then-decode passes.
  if (path.find('%') == std::string_view::npos) {
    out.assign(path);
    return {};
  }
  auto checked = boost::urls::make_pct_string_view(path);
  if (!checked) return Error{Reason::kBadEncoding, "the path has a malformed percent-escape"};
  checked->decode(boost::urls::encoding_opts(/*space_as_plus=*/false),
                  boost::urls::string_token::assign_to(out));
  return {};
}

}  // namespace

RequestReader::RequestReader(Request& out, std::size_t max_header_bytes, std::size_t max_body_bytes)
    : out_(out) {
  header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
  body_limit(max_body_bytes);
  out_.target.clear();
  out_.body.clear();
}

void RequestReader::on_request_impl(bhttp::verb method, string_view method_text, string_view target,
                                    int version, error_code&) {
  verb_ = method;
  version_ = static_cast<unsigned>(version);
  method_text_.assign(method_text.data(), method_text.size());
  out_.method = to_method(method);
  out_.target.assign(target.data(), target.size());
}

// Assigned over the last request's strings, so that their capacity serves again.
void RequestReader::on_field_impl(bhttp::field, string_view name, string_view value, error_code&) {
  if (fields_ < out_.headers.size()) {
    out_.headers[fields_].first.assign(name.data(), name.size());
    out_.headers[fields_].second.assign(value.data(), value.size());
  } else {
    out_.headers.emplace_back(std::string(name.data(), name.size()),
                              std::string(value.data(), value.size()));
  }
  ++fields_;
}

void RequestReader::on_header_impl(error_code&) { out_.headers.resize(fields_); }

void RequestReader::on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                                      error_code&) {
  // The parser has checked the length against the body limit.
  if (content_length) out_.body.reserve(static_cast<std::size_t>(*content_length));
}

std::size_t RequestReader::on_body_impl(string_view body, error_code&) {
  out_.body.append(body.data(), body.size());
  return body.size();
}

std::size_t RequestReader::on_chunk_body_impl(std::uint64_t, string_view body, error_code&) {
  out_.body.append(body.data(), body.size());
  return body.size();
}

Result<void> finish_request(Request& out, std::string_view peer) {
  const std::string_view target = out.target;
  const std::size_t question = target.find('?');
  if (auto path = decode_path(target.substr(0, question), out.path); !path) return path;
  out.query = {};
  if (question != std::string_view::npos) {
    auto query = Params::decode(target.substr(question + 1), /*plus_is_space=*/true);
    if (!query) return query.error();
    out.query = std::move(*query);
  }
  out.peer_address.assign(peer);
  return {};
}

}  // namespace gt3::http
