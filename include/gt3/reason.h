// Reason: the machine-readable cause carried by every sdk outcome.
//
// Each value has a stable snake_case name (reason_name) for JSON answers, metrics and logs, and a
// sentence for people (reason_message). The names are a public interface: never rename one.
#pragma once

#include <string_view>

namespace gt3 {

enum class Reason {
  kOk,

  // The cloud could not be asked: the HTTP call itself failed. These are the only reasons an
  // HttpClient reports (HttpError, gt3/http_client.h); the sdk passes them through unchanged.
  kTimeout,     // the deadline passed (connect, send or receive)
  kRefused,     // nothing listens at the address
  kDns,         // the host name did not resolve
  kTls,         // TLS handshake or certificate verification failed
  kHttpStatus,  // a complete answer whose status is not 2xx; the sdk reads a 4xx as
                // kRequestRefused, so in its outcomes this is a 5xx (or another non-2xx that is
                // not 4xx): the cloud or its front end broke
  kBadBody,     // not HTTP, truncated, or larger than the client accepts
  kNetwork,     // any other transport error (reset, closed early, unreachable)
  kCancelled,   // the client is shutting down

  // The cloud answered, but not with something usable.
  kNotJson,
  kWrongType,
  kChallengeMissing,
  kChallengeEmpty,
  kChallengeZero,
  kChallengeMalformed,
  kSeccodeMissing,
  kSeccodeEmpty,
  // The availability probe (docs/protocol.md section 2): the bypass status endpoint answered a
  // "status" other than "success" ({"status": "fail"}), i.e. the cloud says it is down. Only a
  // probe reports it; a register or validate call never does.
  kCloudReportsFail,

  // Verdicts on the user's answer.
  kBlankField,
  kSeccodeFalse,

  // The cloud answered HTTP 4xx: a verdict on the request (too large, refused, rate limited),
  // never a sign of an outage. No offline fallback, not a failed probe.
  kRequestRefused,

  // Decided without the cloud: the availability status says it is down.
  kCloudUnavailable,

  // What a client of our own HTTP server sent was unusable.
  kBadEncoding,
  kDuplicateParameter,
  kInvalidParameter,   // user_id, client_type, ip_address or digestmod out of shape
  kMalformedSolution,  // geetest_validate / geetest_seccode not what a solved captcha sends

  // Verdicts of offline validation (src/offline) on the user's answer.
  kChallengeForged,         // looks like one of our offline challenges, but the signature is wrong
  kChallengeExpired,        // ours, but older than its lifetime (or from the future)
  kChallengeReplayed,       // already accepted once
  kChallengeNotIssued,      // an online challenge this service did not hand out (or forgot)
  kPowInvalid,              // the proof of work is malformed or has too few zero bits
  kRateLimited,             // too many offline attempts from this address
  kOfflineDenied,           // the offline policy is `deny`
  kLedgerUnavailable,       // the single-use ledger could not record the challenge
  kChallengeProvisional,    // handed out offline after one failed register call while the
                            // status said online; passes only once this service goes offline
  kOfflineChallengeNeeded,  // an online challenge while the cloud is down, under policy pow:
                            // the page must fetch an offline challenge and do the work
  kClientUnattributed,      // a trusted proxy forwarded the request without saying whose it is

  // The configuration could not be used (a file, an environment variable or a flag).
  kBadConfig,
};

// Stable snake_case name, e.g. "challenge_zero".
std::string_view reason_name(Reason reason);

// One sentence saying what happened, for people.
std::string_view reason_message(Reason reason);

// True when the cloud was not reached in time (timeout, refused, dns, tls, network): the passive
// signal that the availability checker counts as a failed probe.
bool is_unreachable(Reason reason);

// True when the cloud itself is unreachable or broken: the transport failures above, a 5xx, a
// body that is not valid HTTP, an answer without the field that matters, or the cloud's own word
// that it is down (kCloudReportsFail, which no client can provoke). A validate that fails
// for such a reason says nothing about the user's answer. Every other reason, kRequestRefused (a
// 4xx the request itself caused) and any reason added later included, is false: a client must
// not be able to make the service take a more lenient path by making its own request fail.
bool is_cloud_failure(Reason reason);

}  // namespace gt3
