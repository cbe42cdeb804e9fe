// Reason: the machine-readable cause carried by every sdk outcome.
//
// Each value has a stable snake_case name (reason_name) for JSON answers, metrics and logs, and a
// sentence for people (reason_message). The names are a public interface: never rename one.
#pragma once

#include <string_view>

namespace gt3 {

enum class Reason {
  kOk,

  // The cloud could not be asked: the HTTP call itself failed (see HttpFailure).
  kTimeout,
  kRefused,
  kDns,
  kTls,
  kHttpStatus,
  kBadBody,
  kNetwork,
  kCancelled,

  // The cloud answered, but not with something usable.
  kNotJson,
  kWrongType,
  kChallengeMissing,
  kChallengeEmpty,
  kChallengeZero,
  kChallengeMalformed,
  kSeccodeMissing,
  kSeccodeEmpty,

  // Verdicts on the user's answer.
  kBlankField,
  kSeccodeFalse,

  // Decided without the cloud: the availability status says it is down.
  kCloudUnavailable,

  // What a client of our own HTTP server sent was unusable.
  kBadEncoding,
  kDuplicateParameter,

  // Verdicts of offline validation (src/offline) on the user's answer.
  kChallengeForged,     // looks like one of our offline challenges, but the signature is wrong
  kChallengeExpired,    // ours, but older than its lifetime (or from the future)
  kChallengeReplayed,   // already accepted once
  kChallengeNotIssued,  // an online challenge this service did not hand out (or forgot)
  kPowInvalid,          // the proof of work is malformed or has too few zero bits
  kRateLimited,         // too many offline attempts from this address
  kOfflineDenied,       // the offline policy is `deny`
  kLedgerUnavailable,   // the single-use ledger could not record the challenge

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

// True when the cloud was asked but did not give a usable answer, or could not be asked at all.
// A validate that fails for such a reason says nothing about the user's answer.
bool is_cloud_failure(Reason reason);

}  // namespace gt3
