#include "gt3/digest.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <array>
#include <memory>
#include <stdexcept>

#include "sdk/digest_context.h"
#include "sdk/hex.h"

namespace gt3 {
namespace {

// OpenSSL 3 re-fetches an algorithm on every call made with EVP_md5() and friends; fetching
// each once keeps /register cheap. Fetched objects are immutable and safe to share.
const EVP_MD* fetched_md(const char* name) {
  EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  if (md == nullptr) throw std::runtime_error(std::string("OpenSSL has no digest ") + name);
  return md;
}

const EVP_MD* md5() {
  static const EVP_MD* const md = fetched_md("MD5");
  return md;
}

const EVP_MD* sha256() {
  static const EVP_MD* const md = fetched_md("SHA256");
  return md;
}

EVP_MAC* hmac() {
  static EVP_MAC* const mac = [] {
    EVP_MAC* m = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (m == nullptr) throw std::runtime_error("OpenSSL has no HMAC");
    return m;
  }();
  return mac;
}

// The digest of `data` followed by `more`, fed in two parts: a challenge and a key are never
// joined into a string of their own (an allocation, and a copy of the key left in the heap).
std::string digest_hex(const EVP_MD* md, std::string_view data, std::string_view more = {}) {
  EVP_MD_CTX* context = thread_digest_context();
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int size = 0;
  if (EVP_DigestInit_ex(context, md, nullptr) != 1 ||
      EVP_DigestUpdate(context, data.data(), data.size()) != 1 ||
      EVP_DigestUpdate(context, more.data(), more.size()) != 1 ||
      EVP_DigestFinal_ex(context, out.data(), &size) != 1) {
    throw std::runtime_error("OpenSSL digest failed");
  }
  return lower_hex({out.data(), size});
}

}  // namespace

EVP_MD_CTX* thread_digest_context() {
  thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(
      EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!context) throw std::runtime_error("OpenSSL EVP_MD_CTX_new failed");
  return context.get();
}

std::string md5_hex(std::string_view data) { return digest_hex(md5(), data); }

std::string sha256_hex(std::string_view data) { return digest_hex(sha256(), data); }

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(hmac());
  if (ctx == nullptr) throw std::runtime_error("OpenSSL EVP_MAC_CTX_new failed");
  char digest_name[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_end(),
  };
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  std::size_t size = 0;
  const bool ok = EVP_MAC_init(ctx, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                               params) == 1 &&
                  EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(message.data()),
                                 message.size()) == 1 &&
                  EVP_MAC_final(ctx, out.data(), &size, out.size()) == 1;
  EVP_MAC_CTX_free(ctx);
  if (!ok) throw std::runtime_error("OpenSSL HMAC-SHA256 failed");
  return lower_hex({out.data(), size});
}

std::string_view digestmod_name(DigestMod mod) {
  switch (mod) {
    case DigestMod::kMd5:
      return "md5";
    case DigestMod::kSha256:
      return "sha256";
    case DigestMod::kHmacSha256:
      return "hmac-sha256";
  }
  return "md5";
}

std::optional<DigestMod> parse_digestmod(std::string_view name) {
  for (DigestMod mod : {DigestMod::kMd5, DigestMod::kSha256, DigestMod::kHmacSha256}) {
    if (name == digestmod_name(mod)) return mod;
  }
  return std::nullopt;
}

DigestMod digestmod_or_md5(std::string_view name) {
  return parse_digestmod(name).value_or(DigestMod::kMd5);
}

std::string challenge_digest(DigestMod mod, std::string_view origin, const Secret& private_key) {
  switch (mod) {
    case DigestMod::kSha256:
      return digest_hex(sha256(), origin, private_key.reveal());
    case DigestMod::kHmacSha256:
      return hmac_sha256_hex(private_key.reveal(), origin);
    case DigestMod::kMd5:
      break;
  }
  return digest_hex(md5(), origin, private_key.reveal());
}

}  // namespace gt3
