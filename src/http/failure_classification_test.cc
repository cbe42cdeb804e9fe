#include "http/failure_classification.h"

#include <gtest/gtest.h>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <stdexcept>

namespace gt3::http {
namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using boost::system::error_code;

Reason classify(error_code ec, RequestPhase phase, bool answer_started = false) {
  return classify_failure(ec, phase, answer_started, "127.0.0.1:80").reason;
}

TEST(FailureClassification, BeastTimeoutIsATimeoutInEveryPhase) {
  for (RequestPhase phase : {RequestPhase::kResolve, RequestPhase::kConnect,
                             RequestPhase::kHandshake, RequestPhase::kWrite, RequestPhase::kRead}) {
    EXPECT_EQ(classify(boost::beast::error::timeout, phase), Reason::kTimeout);
  }
}

TEST(FailureClassification, ConnectionRefusedIsRefused) {
  EXPECT_EQ(classify(asio::error::connection_refused, RequestPhase::kConnect), Reason::kRefused);
}

TEST(FailureClassification, ResolverErrorsAreDns) {
  for (error_code ec :
       {error_code(asio::error::host_not_found), error_code(asio::error::host_not_found_try_again),
        error_code(asio::error::no_data), error_code(asio::error::service_not_found)}) {
    EXPECT_EQ(classify(ec, RequestPhase::kResolve), Reason::kDns) << ec.message();
  }
}

TEST(FailureClassification, HandshakeFailuresAreTls) {
  EXPECT_EQ(classify(asio::error::eof, RequestPhase::kHandshake), Reason::kTls);
  EXPECT_EQ(classify(error_code(1, asio::error::get_ssl_category()), RequestPhase::kHandshake),
            Reason::kTls);
  EXPECT_EQ(classify(error_code(1, asio::error::get_ssl_category()), RequestPhase::kRead),
            Reason::kTls);
}

TEST(FailureClassification, EndOfStreamBeforeAnyByteIsNetworkAfterItBadBody) {
  EXPECT_EQ(classify(bhttp::error::end_of_stream, RequestPhase::kRead), Reason::kNetwork);
  EXPECT_EQ(classify(asio::error::eof, RequestPhase::kRead, false), Reason::kNetwork);
  EXPECT_EQ(classify(asio::error::eof, RequestPhase::kRead, true), Reason::kBadBody);
  EXPECT_EQ(classify(asio::ssl::error::stream_truncated, RequestPhase::kRead, true),
            Reason::kBadBody);
  EXPECT_EQ(classify(bhttp::error::partial_message, RequestPhase::kRead, true), Reason::kBadBody);
}

TEST(FailureClassification, ParseErrorsAndOversizedBodiesAreBadBody) {
  EXPECT_EQ(classify(bhttp::error::bad_version, RequestPhase::kRead, true), Reason::kBadBody);
  EXPECT_EQ(classify(bhttp::error::body_limit, RequestPhase::kRead, true), Reason::kBadBody);
  EXPECT_EQ(classify(bhttp::error::header_limit, RequestPhase::kRead, true), Reason::kBadBody);
}

TEST(FailureClassification, ResetsAndOtherTransportErrorsAreNetwork) {
  EXPECT_EQ(classify(asio::error::connection_reset, RequestPhase::kRead), Reason::kNetwork);
  EXPECT_EQ(classify(asio::error::broken_pipe, RequestPhase::kWrite), Reason::kNetwork);
  EXPECT_EQ(classify(asio::error::network_unreachable, RequestPhase::kConnect), Reason::kNetwork);
}

TEST(FailureClassification, AbortedIsCancelled) {
  EXPECT_EQ(classify(asio::error::operation_aborted, RequestPhase::kRead), Reason::kCancelled);
}

TEST(FailureClassification, DetailNamesThePeerAndThePhase) {
  const HttpError e = classify_failure(asio::error::connection_reset, RequestPhase::kRead, false,
                                       "example.com:443");
  EXPECT_NE(e.detail.find("example.com:443"), std::string::npos) << e.detail;
  EXPECT_NE(e.detail.find("reading"), std::string::npos) << e.detail;
}

TEST(FailureClassification, ATimeoutNamesTheLimitsItRanInto) {
  const HttpError timeout{Reason::kTimeout, 0, "timed out"};
  using std::chrono::milliseconds;
  EXPECT_EQ(
      with_timeouts(timeout, RequestPhase::kConnect, milliseconds(500), milliseconds(2000)).detail,
      "timed out (connect timeout 500 ms, request deadline 2000 ms)");
  EXPECT_EQ(
      with_timeouts(timeout, RequestPhase::kRead, milliseconds(500), milliseconds(2000)).detail,
      "timed out (request deadline 2000 ms)");
}

TEST(FailureClassification, AnEscapedExceptionSaysWhatItWas) {
  const HttpError e = internal_failure(std::make_exception_ptr(std::logic_error("a bug")));
  EXPECT_EQ(e.reason, Reason::kNetwork);
  EXPECT_EQ(e.detail.rfind("internal error of the HTTP client: a bug (", 0), 0u) << e.detail;
  EXPECT_NE(e.detail.find("report it"), std::string::npos) << e.detail;
  EXPECT_EQ(internal_failure(std::make_exception_ptr(42))
                .detail.rfind("internal error of the HTTP client: unknown exception (", 0),
            0u);
}

}  // namespace
}  // namespace gt3::http
