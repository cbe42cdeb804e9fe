#include "gt3/digest.h"

#include <gtest/gtest.h>

#include <string>

namespace gt3 {
namespace {

std::string bytes(std::size_t count, unsigned char value) {
  return std::string(count, static_cast<char>(value));
}

// RFC 1321, appendix A.5.
TEST(Md5, MatchesRfc1321TestSuite) {
  EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(md5_hex("a"), "0cc175b9c0f1b6a831c399e269772661");
  EXPECT_EQ(md5_hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(md5_hex("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
  EXPECT_EQ(md5_hex("abcdefghijklmnopqrstuvwxyz"), "c3fcd3d76192e4007dfb496cca67e13b");
  EXPECT_EQ(md5_hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
            "d174ab98d277d9f5a5611c2c9f419d9f");
  EXPECT_EQ(md5_hex("1234567890123456789012345678901234567890"
                    "1234567890123456789012345678901234567890"),
            "57edf4a22be3c955ac49da2e2107b67a");
}

// FIPS 180-2, appendix B.
TEST(Sha256, MatchesFips180Examples) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, OfEmptyInputIsTheKnownConstant) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

// RFC 4231, section 4 (the HMAC-SHA-256 rows; test case 5 is truncated output, not used here).
TEST(HmacSha256, MatchesRfc4231TestCases) {
  EXPECT_EQ(hmac_sha256_hex(bytes(20, 0x0b), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(hmac_sha256_hex(bytes(20, 0xaa), bytes(50, 0xdd)),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
  std::string key4;
  for (unsigned char b = 0x01; b <= 0x19; ++b) key4 += static_cast<char>(b);
  EXPECT_EQ(hmac_sha256_hex(key4, bytes(50, 0xcd)),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
  EXPECT_EQ(
      hmac_sha256_hex(bytes(131, 0xaa), "Test Using Larger Than Block-Size Key - Hash Key First"),
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_EQ(hmac_sha256_hex(bytes(131, 0xaa),
                            "This is a test using a larger than block-size key and a larger than "
                            "block-size data. The key needs to be hashed before being used by the "
                            "HMAC algorithm."),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

TEST(Digest, HandlesEmbeddedNulBytes) {
  EXPECT_NE(md5_hex(std::string("a\0b", 3)), md5_hex("a"));
  EXPECT_EQ(md5_hex(std::string("a\0b", 3)).size(), 32u);
}

// The three challenge rules of docs/protocol.md section 3 on fixed inputs; expected values computed
// independently with Python's hashlib and hmac.
constexpr std::string_view kOrigin = "e10adc3949ba59abbe56e057f20f883e";
const Secret kKey{"0123456789abcdef0123456789abcdef"};

TEST(ChallengeDigest, Md5IsMd5OfOriginThenKey) {
  EXPECT_EQ(challenge_digest(DigestMod::kMd5, kOrigin, kKey), "8cd647f4cec7bdfe190aee5399a6a638");
}

TEST(ChallengeDigest, Sha256IsSha256OfOriginThenKey) {
  EXPECT_EQ(challenge_digest(DigestMod::kSha256, kOrigin, kKey),
            "d2f1e0ca0856210c3744d19ab7ab48cc1d6413f855378712721b0f84abfc9134");
}

TEST(ChallengeDigest, HmacSha256IsKeyedByThePrivateKey) {
  EXPECT_EQ(challenge_digest(DigestMod::kHmacSha256, kOrigin, kKey),
            "0c376e43099684a02679baf93d8cd70fb768af4bf46b069ad0721a08d513ebe3");
}

TEST(DigestMod, NamesRoundTrip) {
  for (DigestMod mod : {DigestMod::kMd5, DigestMod::kSha256, DigestMod::kHmacSha256}) {
    EXPECT_EQ(parse_digestmod(digestmod_name(mod)), mod);
  }
}

TEST(DigestMod, StrictParseRejectsUnknownNames) {
  EXPECT_EQ(parse_digestmod("sha1"), std::nullopt);
  EXPECT_EQ(parse_digestmod("MD5"), std::nullopt);
  EXPECT_EQ(parse_digestmod(""), std::nullopt);
}

TEST(DigestMod, UnknownNameFallsBackToMd5AsTheProtocolSays) {
  EXPECT_EQ(digestmod_or_md5("sha512"), DigestMod::kMd5);
  EXPECT_EQ(digestmod_or_md5(""), DigestMod::kMd5);
  EXPECT_EQ(digestmod_or_md5("hmac-sha256"), DigestMod::kHmacSha256);
}

}  // namespace
}  // namespace gt3
