#include "http/failure_classification.h"

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <exception>
#include <string>

namespace gt3::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;

std::string_view phase_verb(RequestPhase phase) {
  switch (phase) {
    case RequestPhase::kResolve:
      return "resolving";
    case RequestPhase::kConnect:
      return "connecting to";
    case RequestPhase::kHandshake:
      return "in the TLS handshake with";
    case RequestPhase::kWrite:
      return "sending the request to";
    case RequestPhase::kRead:
      return "reading the answer from";
  }
  return "talking to";
}

bool is_dns_error(const boost::system::error_code& ec) {
  return ec == asio::error::host_not_found || ec == asio::error::host_not_found_try_again ||
         ec == asio::error::no_data || ec == asio::error::service_not_found ||
         ec == asio::error::no_recovery;
}

bool is_tls_error(const boost::system::error_code& ec) {
  return ec.category() == asio::error::get_ssl_category() ||
         ec.category() == asio::ssl::error::get_stream_category();
}

bool is_end_of_stream(const boost::system::error_code& ec) {
  return ec == asio::error::eof || ec == beast::http::error::end_of_stream ||
         ec == asio::ssl::error::stream_truncated;
}

HttpError make(Reason reason, std::string detail) {
  return HttpError{reason, 0, std::move(detail)};
}

}  // namespace

HttpError classify_failure(const boost::system::error_code& ec, RequestPhase phase,
                           bool answer_started, std::string_view authority) {
  const std::string peer(authority);
  const std::string where = std::string(phase_verb(phase)) + " " + peer;
  if (ec == beast::error::timeout) return make(Reason::kTimeout, "timed out " + where);
  if (ec == asio::error::operation_aborted) {
    return make(Reason::kCancelled, "cancelled while " + where);
  }
  if (phase == RequestPhase::kResolve || is_dns_error(ec)) {
    return make(Reason::kDns, "could not resolve " + peer + ": " + ec.message());
  }
  if (ec == asio::error::connection_refused) {
    return make(Reason::kRefused, "connection refused by " + peer);
  }
  if (phase == RequestPhase::kHandshake) {
    return make(Reason::kTls, "the TLS handshake with " + peer + " failed: " + ec.message());
  }
  if (is_tls_error(ec) && !is_end_of_stream(ec)) {
    return make(Reason::kTls, "TLS error " + where + ": " + ec.message());
  }
  if (phase == RequestPhase::kRead) {
    if (ec == beast::http::error::body_limit) {
      return make(Reason::kBadBody,
                  "the answer from " + peer + " is larger than max_response_bytes");
    }
    if (is_end_of_stream(ec) || ec == beast::http::error::partial_message) {
      if (answer_started || ec == beast::http::error::partial_message) {
        return make(Reason::kBadBody,
                    "the connection closed before the answer from " + peer + " was complete");
      }
      return make(Reason::kNetwork, peer + " closed the connection without answering");
    }
    if (ec.category() ==
        beast::http::make_error_code(beast::http::error::end_of_stream).category()) {
      return make(Reason::kBadBody,
                  "the answer from " + peer + " is not valid HTTP (" + ec.message() + ")");
    }
  }
  return make(Reason::kNetwork, "network error " + where + ": " + ec.message());
}

HttpError with_timeouts(HttpError timeout, RequestPhase phase,
                        std::chrono::milliseconds connect_timeout,
                        std::chrono::milliseconds deadline) {
  const bool opening = phase == RequestPhase::kResolve || phase == RequestPhase::kConnect ||
                       phase == RequestPhase::kHandshake;
  timeout.detail += " (";
  if (opening)
    timeout.detail += "connect timeout " + std::to_string(connect_timeout.count()) + " ms, ";
  timeout.detail += "request deadline " + std::to_string(deadline.count()) + " ms)";
  return timeout;
}

HttpError internal_failure(const std::exception_ptr& error) {
  std::string what = "unknown exception";
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
  }
  return HttpError{Reason::kNetwork, 0,
                   "internal error of the HTTP client: " + what +
                       " (a bug of gt3-bypass, not of the cloud: please report it with this line)"};
}

}  // namespace gt3::http
