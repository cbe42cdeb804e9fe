// GeetestClient: the two calls to the GeeTest cloud, register and validate, with the protocol's
// fallbacks, made through an injected HttpClient.
//
// It decides nothing about availability: the caller (bypass/ and service/) chooses between the
// *_online and *_offline calls from its status snapshot, and reads RegisterResult::reason /
// ValidateResult::reason (is_unreachable) as passive health signals.
//
// Thread-safe: const after construction. The HttpClient, and the ChallengeSource's state, must
// outlive every call in flight. Handlers run on whatever thread the HttpClient completes on.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "gt3/digest.h"
#include "gt3/http_client.h"
#include "gt3/register.h"
#include "gt3/secret.h"
#include "gt3/solution.h"
#include "gt3/user_info.h"
#include "gt3/validate.h"

namespace gt3 {

inline constexpr std::string_view kDefaultApiUrl = "http://api.geetest.com";

struct GeetestConfig {
  std::string captcha_id;  // `gt`, public
  Secret private_key;
  std::string api_url{kDefaultApiUrl};     // base of register.php and validate.php
  std::chrono::milliseconds timeout{800};  // deadline of one cloud call
  DigestMod digestmod = DigestMod::kMd5;   // default when a request names none
};

class GeetestClient {
 public:
  // Makes the challenge of an offline register; must be thread-safe.
  using ChallengeSource = std::function<std::string()>;
  using RegisterHandler = std::function<void(RegisterResult)>;
  using ValidateHandler = std::function<void(ValidateResult)>;

  GeetestClient(GeetestConfig config, HttpClient& http,
                ChallengeSource offline_challenges = random_challenge_source());

  // "successRegister": asks register.php; on any failure answers offline with the reason.
  void register_online(const RegisterParams& params, RegisterHandler done) const;

  // "localRegister": an offline answer without asking the cloud.
  RegisterResult register_offline(Error why) const;

  // "successValidate": a blank field fails at once without a call; otherwise asks validate.php.
  void validate_online(const ValidateForm& form, const UserInfo& user, ValidateHandler done) const;

  // "failValidate" as the newest official SDKs do it: accepts any three non-blank fields. The
  // project's stronger offline policies live in src/offline and wrap this.
  ValidateResult validate_offline(const ValidateForm& form) const;

  const GeetestConfig& config() const { return config_; }

  static ChallengeSource random_challenge_source();

 private:
  GeetestConfig config_;
  HttpClient& http_;
  ChallengeSource offline_challenges_;
};

}  // namespace gt3
