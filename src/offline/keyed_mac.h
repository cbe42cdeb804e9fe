// KeyedMac: HMAC-SHA256 under one key, keyed once, for the signed offline challenges.
//
// Each thread that computes a tag keeps its own keyed copy of the context and re-initialises it
// for every tag (OpenSSL reuses the key it was given): duplicating one shared context per tag, as
// before, cost about ten allocations, re-initialising a thread's copy two. A thread keeps the
// copies of its last kCopiesPerThread keys (a keyring holds the current secret and a few previous
// ones) and frees them when it ends or when it needs a slot. Copies are told apart by an id no
// other KeyedMac ever has, so a copy of a destroyed key is never used for a new one.
//
// Thread-safe: tag() may run on any number of threads at once. Throws std::runtime_error when
// OpenSSL fails (no HMAC, out of memory).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

struct evp_mac_ctx_st;

namespace gt3::offline {

class KeyedMac {
 public:
  static constexpr std::size_t kCopiesPerThread = 4;

  explicit KeyedMac(std::string_view key);
  ~KeyedMac();
  KeyedMac(const KeyedMac&) = delete;
  KeyedMac& operator=(const KeyedMac&) = delete;

  // The first out.size() bytes (at most 32) of HMAC-SHA256(key, first || second).
  void tag(std::string_view first, std::span<const unsigned char> second,
           std::span<unsigned char> out) const;

 private:
  evp_mac_ctx_st* context_;  // keyed; only ever duplicated
  std::uint64_t id_;
};

}  // namespace gt3::offline
