// Digests of the v3 protocol (docs/protocol.md section 3): md5, sha256 and hmac-sha256 in
// lower-case hex, computed with OpenSSL's EVP API. Thread-safe; no allocation beyond the returned
// string.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gt3/secret.h"

namespace gt3 {

std::string md5_hex(std::string_view data);
std::string sha256_hex(std::string_view data);
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

// The `digestmod` of register.php: how the origin challenge becomes the browser's challenge.
enum class DigestMod { kMd5, kSha256, kHmacSha256 };

// "md5", "sha256" or "hmac-sha256".
std::string_view digestmod_name(DigestMod mod);

// Strict parse, for configuration: nullopt for anything but the three names.
std::optional<DigestMod> parse_digestmod(std::string_view name);

// The protocol's lenient rule, for request parameters: an unknown name falls back to md5.
DigestMod digestmod_or_md5(std::string_view name);

// The challenge handed to the browser for an origin challenge from register.php:
//   md5:          hex(md5(origin + key))
//   sha256:       hex(sha256(origin + key))
//   hmac-sha256:  hex(hmac_sha256(key, origin))
std::string challenge_digest(DigestMod mod, std::string_view origin, const Secret& private_key);

}  // namespace gt3
