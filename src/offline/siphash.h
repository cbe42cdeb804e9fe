// SipHash-2-4 with a 64-bit result (Aumasson and Bernstein, 2012): a keyed function made for
// hash tables that face attackers. Without the 128-bit key nobody can predict its values, so
// nobody can search for inputs that collide.
//
// OpenSSL has it ("SIPHASH" through EVP_MAC) and stays its definition: siphash_test.cc compares
// every input length from 0 to 64 bytes, and longer ones, under random keys. It is written out
// here because the EVP interface costs 800 to 1,200 instructions a call in dispatch and context
// handling for a 32-byte challenge, the function itself about 300; the ledger computes one or
// two a request.
//
// A pure function: thread-safe, no allocation, no failure.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace gt3::offline {

using SipHashKey = std::array<unsigned char, 16>;

std::uint64_t siphash24(const SipHashKey& key, std::string_view message);

}  // namespace gt3::offline
