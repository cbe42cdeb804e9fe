#include "gt3/reason.h"

namespace gt3 {

std::string_view reason_name(Reason reason) {
  switch (reason) {
    case Reason::kOk:
      return "ok";
    case Reason::kTimeout:
      return "timeout";
    case Reason::kRefused:
      return "refused";
    case Reason::kDns:
      return "dns";
    case Reason::kTls:
      return "tls";
    case Reason::kHttpStatus:
      return "http_status";
    case Reason::kBadBody:
      return "bad_body";
    case Reason::kNetwork:
      return "network";
    case Reason::kCancelled:
      return "cancelled";
    case Reason::kNotJson:
      return "not_json";
    case Reason::kWrongType:
      return "wrong_type";
    case Reason::kChallengeMissing:
      return "challenge_missing";
    case Reason::kChallengeEmpty:
      return "challenge_empty";
    case Reason::kChallengeZero:
      return "challenge_zero";
    case Reason::kChallengeMalformed:
      return "challenge_malformed";
    case Reason::kSeccodeMissing:
      return "seccode_missing";
    case Reason::kSeccodeEmpty:
      return "seccode_empty";
    case Reason::kCloudReportsFail:
      return "cloud_reports_fail";
    case Reason::kBlankField:
      return "blank_field";
    case Reason::kSeccodeFalse:
      return "seccode_false";
    case Reason::kRequestRefused:
      return "request_refused";
    case Reason::kCloudUnavailable:
      return "cloud_unavailable";
    case Reason::kBadEncoding:
      return "bad_encoding";
    case Reason::kDuplicateParameter:
      return "duplicate_parameter";
    case Reason::kInvalidParameter:
      return "invalid_parameter";
    case Reason::kMalformedSolution:
      return "malformed_solution";
    case Reason::kChallengeForged:
      return "challenge_forged";
    case Reason::kChallengeExpired:
      return "challenge_expired";
    case Reason::kChallengeReplayed:
      return "challenge_replayed";
    case Reason::kChallengeNotIssued:
      return "challenge_not_issued";
    case Reason::kPowInvalid:
      return "pow_invalid";
    case Reason::kRateLimited:
      return "rate_limited";
    case Reason::kOfflineDenied:
      return "offline_denied";
    case Reason::kLedgerUnavailable:
      return "ledger_unavailable";
    case Reason::kChallengeProvisional:
      return "challenge_provisional";
    case Reason::kOfflineChallengeNeeded:
      return "offline_challenge_needed";
    case Reason::kClientUnattributed:
      return "client_unattributed";
    case Reason::kBadConfig:
      return "bad_config";
  }
  return "unknown";
}

std::string_view reason_message(Reason reason) {
  switch (reason) {
    case Reason::kOk:
      return "ok";
    case Reason::kTimeout:
      return "the GeeTest cloud did not answer before the deadline";
    case Reason::kRefused:
      return "the GeeTest cloud refused the connection";
    case Reason::kDns:
      return "the GeeTest cloud's host name did not resolve";
    case Reason::kTls:
      return "the TLS connection to the GeeTest cloud failed";
    case Reason::kHttpStatus:
      return "the GeeTest cloud answered with a server error status";
    case Reason::kBadBody:
      return "the GeeTest cloud's answer was not valid HTTP";
    case Reason::kNetwork:
      return "the connection to the GeeTest cloud failed";
    case Reason::kCancelled:
      return "the call to the GeeTest cloud was cancelled by shutdown";
    case Reason::kNotJson:
      return "the GeeTest cloud's answer was not JSON";
    case Reason::kWrongType:
      return "the GeeTest cloud's JSON answer had an unexpected shape";
    case Reason::kChallengeMissing:
      return "the GeeTest cloud's answer had no challenge";
    case Reason::kChallengeEmpty:
      return "the GeeTest cloud answered an empty challenge";
    case Reason::kChallengeZero:
      return "the GeeTest cloud answered challenge \"0\" (unknown captcha id or cloud trouble)";
    case Reason::kChallengeMalformed:
      return "the GeeTest cloud's challenge is not 32 hexadecimal digits";
    case Reason::kSeccodeMissing:
      return "the GeeTest cloud's answer had no seccode";
    case Reason::kSeccodeEmpty:
      return "the GeeTest cloud answered an empty seccode";
    case Reason::kCloudReportsFail:
      return "the GeeTest cloud's bypass status endpoint reports that the cloud is down";
    case Reason::kBlankField:
      return "a captcha field is missing or blank; solve the captcha, then send "
             "geetest_challenge, geetest_validate and geetest_seccode";
    case Reason::kSeccodeFalse:
      return "GeeTest rejected the captcha solution";
    case Reason::kRequestRefused:
      return "the GeeTest cloud refused this request (HTTP 4xx); that is not an outage, so the "
             "captcha is not passed offline; reload the page and solve the captcha";
    case Reason::kCloudUnavailable:
      return "the GeeTest cloud is marked unavailable";
    case Reason::kBadEncoding:
      return "a parameter is not correctly percent-encoded; send '%' as %25 and every escape as "
             "'%' "
             "followed by two hexadecimal digits";
    case Reason::kDuplicateParameter:
      return "a parameter appears more than once; send each parameter once";
    case Reason::kInvalidParameter:
      return "a parameter is out of shape; the message names it and what it must be";
    case Reason::kMalformedSolution:
      return "geetest_validate or geetest_seccode is not what a solved captcha sends; let the "
             "captcha widget fill them in";
    case Reason::kChallengeForged:
      return "the challenge is not one this service signed; reload the page and solve the captcha "
             "again";
    case Reason::kChallengeExpired:
      return "the challenge has expired; reload the page and solve the captcha again";
    case Reason::kChallengeReplayed:
      return "the challenge was already used; reload the page and solve the captcha again";
    case Reason::kChallengeNotIssued:
      return "the challenge was not handed out by this service and the GeeTest cloud cannot check "
             "it now; reload the page";
    case Reason::kPowInvalid:
      return "the proof of work does not solve the challenge; let the widget finish solving it";
    case Reason::kRateLimited:
      return "too many captcha attempts from this address while the GeeTest cloud is unavailable; "
             "wait a minute and try again";
    case Reason::kOfflineDenied:
      return "verification is unavailable while the GeeTest cloud is down; try again later or use "
             "another way to sign in";
    case Reason::kLedgerUnavailable:
      return "the single-use check of challenges is unavailable for a moment; try again";
    case Reason::kChallengeProvisional:
      return "the challenge was handed out offline after a failed call to the GeeTest cloud, "
             "which is answering now; reload the page and solve the captcha online";
    case Reason::kOfflineChallengeNeeded:
      return "the GeeTest cloud cannot check this captcha now; reload the page to get an offline "
             "challenge and let the widget solve it";
    case Reason::kClientUnattributed:
      return "the request came through a trusted proxy that did not say whose it is; the "
             "operator must make the proxy send X-Forwarded-For";
    case Reason::kBadConfig:
      return "the configuration has a bad value; fix the key named in the message";
  }
  return "unknown reason";
}

bool is_unreachable(Reason reason) {
  switch (reason) {
    case Reason::kTimeout:
    case Reason::kRefused:
    case Reason::kDns:
    case Reason::kTls:
    case Reason::kNetwork:
      return true;
    default:
      return false;
  }
}

bool is_cloud_failure(Reason reason) {
  switch (reason) {
    case Reason::kTimeout:
    case Reason::kRefused:
    case Reason::kDns:
    case Reason::kTls:
    case Reason::kHttpStatus:
    case Reason::kBadBody:
    case Reason::kNetwork:
    case Reason::kCancelled:
    case Reason::kNotJson:
    case Reason::kWrongType:
    case Reason::kChallengeMissing:
    case Reason::kChallengeEmpty:
    case Reason::kChallengeZero:
    case Reason::kChallengeMalformed:
    case Reason::kSeccodeMissing:
    case Reason::kSeccodeEmpty:
    case Reason::kCloudReportsFail:
      return true;
    default:
      return false;
  }
}

}  // namespace gt3
