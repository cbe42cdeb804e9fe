// Raw SHA-256 for the offline layer (proof of work, ledger keys), through OpenSSL's EVP API with
// the algorithm fetched once. gt3/digest.h gives hex strings; these give the 32 bytes. The
// functions are thread-safe; a Sha256Prefix is immutable after construction and may be shared.
#pragma once

#include <openssl/evp.h>

#include <array>
#include <string_view>

namespace gt3::offline {

using Sha256Digest = std::array<unsigned char, 32>;

// SHA-256 of `first` followed by `second`. Throws std::runtime_error only if OpenSSL fails.
Sha256Digest sha256(std::string_view first, std::string_view second = {});

// The state after hashing a fixed prefix, so that many messages sharing it (a proof-of-work
// search) hash only their own suffix.
class Sha256Prefix {
 public:
  explicit Sha256Prefix(std::string_view prefix);
  ~Sha256Prefix();
  Sha256Prefix(const Sha256Prefix&) = delete;
  Sha256Prefix& operator=(const Sha256Prefix&) = delete;

  // SHA-256(prefix + suffix); `scratch` is a context the caller reuses between calls.
  Sha256Digest with_suffix(std::string_view suffix, EVP_MD_CTX* scratch) const;

 private:
  EVP_MD_CTX* state_;
};

}  // namespace gt3::offline
