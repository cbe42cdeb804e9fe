#include "offline/siphash.h"

#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <memory>
#include <string>
#include <vector>

namespace gt3::offline {
namespace {

// OpenSSL's SipHash-2-4 with an 8-byte result, read as the little-endian word it writes.
std::uint64_t openssl_siphash24(const SipHashKey& key, std::string_view message) {
  std::unique_ptr<EVP_MAC, decltype(&EVP_MAC_free)> mac(EVP_MAC_fetch(nullptr, "SIPHASH", nullptr),
                                                        &EVP_MAC_free);
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> context(EVP_MAC_CTX_new(mac.get()),
                                                                    &EVP_MAC_CTX_free);
  std::size_t size = 8;
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_size_t(OSSL_MAC_PARAM_SIZE, &size),
                               OSSL_PARAM_construct_end()};
  unsigned char out[8] = {};
  std::size_t written = 0;
  EXPECT_EQ(EVP_MAC_init(context.get(), key.data(), key.size(), params), 1);
  EXPECT_EQ(EVP_MAC_update(context.get(), reinterpret_cast<const unsigned char*>(message.data()),
                           message.size()),
            1);
  EXPECT_EQ(EVP_MAC_final(context.get(), out, &written, sizeof(out)), 1);
  EXPECT_EQ(written, 8u);
  std::uint64_t word = 0;
  for (int i = 7; i >= 0; --i) word = (word << 8) | out[i];
  return word;
}

SipHashKey counting_key() {
  SipHashKey key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<unsigned char>(i);
  return key;
}

TEST(SipHash, GivesThePapersTestVector) {
  // Appendix A of the SipHash paper: key 00..0f, message 00..0e.
  std::string message;
  for (char c = 0; c < 15; ++c) message += c;
  EXPECT_EQ(siphash24(counting_key(), message), 0xa129ca6149be45e5ULL);
  EXPECT_EQ(siphash24(counting_key(), ""), 0x726fdb47dd0e0e31ULL);  // the reference's first
}

TEST(SipHash, AgreesWithOpenSslAtEveryLengthUnderRandomKeys) {
  for (int round = 0; round < 20; ++round) {
    SipHashKey key{};
    unsigned char bytes[300];
    ASSERT_EQ(RAND_bytes(key.data(), static_cast<int>(key.size())), 1);
    ASSERT_EQ(RAND_bytes(bytes, sizeof(bytes)), 1);
    std::vector<std::size_t> lengths{127, 128, 255, 256, 257, 300};  // the length byte wraps
    for (std::size_t length = 0; length <= 64; ++length) lengths.push_back(length);
    for (const std::size_t length : lengths) {
      const std::string_view message(reinterpret_cast<const char*>(bytes), length);
      ASSERT_EQ(siphash24(key, message), openssl_siphash24(key, message))
          << "round " << round << ", length " << length;
    }
  }
}

TEST(SipHash, DependsOnTheKey) {
  SipHashKey other = counting_key();
  other[15] ^= 1;
  EXPECT_NE(siphash24(counting_key(), "0123456789abcdef0123456789abcdef"),
            siphash24(other, "0123456789abcdef0123456789abcdef"));
}

}  // namespace
}  // namespace gt3::offline
