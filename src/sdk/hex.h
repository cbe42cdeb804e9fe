// Lower-case hex of raw bytes, the form every digest of the protocol takes. Written here because
// OpenSSL's OPENSSL_buf2hexstr gives upper case with colons.
#pragma once

#include <span>
#include <string>

namespace gt3 {

std::string lower_hex(std::span<const unsigned char> bytes);

}  // namespace gt3
