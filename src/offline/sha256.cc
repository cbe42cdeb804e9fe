#include "offline/sha256.h"

#include <stdexcept>

#include "sdk/digest_context.h"

namespace gt3::offline {
namespace {

// OpenSSL 3 re-fetches an algorithm on every EVP_sha256() use; fetched once, it is immutable and
// shared.
const EVP_MD* sha256_md() {
  static const EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (fetched == nullptr) throw std::runtime_error("OpenSSL has no SHA256");
    return fetched;
  }();
  return md;
}

[[noreturn]] void fail() { throw std::runtime_error("OpenSSL SHA-256 failed"); }

}  // namespace

Sha256Digest sha256(std::string_view first, std::string_view second) {
  EVP_MD_CTX* context = thread_digest_context();
  Sha256Digest digest{};
  unsigned int size = 0;
  const bool ok = EVP_DigestInit_ex(context, sha256_md(), nullptr) == 1 &&
                  EVP_DigestUpdate(context, first.data(), first.size()) == 1 &&
                  EVP_DigestUpdate(context, second.data(), second.size()) == 1 &&
                  EVP_DigestFinal_ex(context, digest.data(), &size) == 1 && size == digest.size();
  if (!ok) fail();
  return digest;
}

Sha256Prefix::Sha256Prefix(std::string_view prefix) : state_(EVP_MD_CTX_new()) {
  if (state_ == nullptr) fail();
  if (EVP_DigestInit_ex(state_, sha256_md(), nullptr) != 1 ||
      EVP_DigestUpdate(state_, prefix.data(), prefix.size()) != 1) {
    EVP_MD_CTX_free(state_);
    fail();
  }
}

Sha256Prefix::~Sha256Prefix() { EVP_MD_CTX_free(state_); }

Sha256Digest Sha256Prefix::with_suffix(std::string_view suffix, EVP_MD_CTX* scratch) const {
  Sha256Digest digest{};
  unsigned int size = 0;
  if (EVP_MD_CTX_copy_ex(scratch, state_) != 1 ||
      EVP_DigestUpdate(scratch, suffix.data(), suffix.size()) != 1 ||
      EVP_DigestFinal_ex(scratch, digest.data(), &size) != 1 || size != digest.size()) {
    fail();
  }
  return digest;
}

}  // namespace gt3::offline
