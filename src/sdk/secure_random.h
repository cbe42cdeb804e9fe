// secure_random_bytes: bytes from OpenSSL's CSPRNG, drawn a few kilobytes at a time.
//
// RAND_bytes is a cryptographically secure source, and every random byte this library hands out
// (offline challenges, local challenges) comes from it. Asked for 8 or 32 bytes per request,
// though, OpenSSL 3 spends more on the asking than on the bytes: it looks up the provider's
// DRBG by name under a read-write lock and calls getpid() to notice a fork, about 1 us and one
// system call a request. Here each thread draws kBatch bytes at once and hands them out in
// order; a byte handed out is wiped from the buffer, so the buffer never holds a value already
// given to somebody.
//
// Fork: a child process must never hand out the bytes its parent also will (two processes
// issuing the same challenges). A pthread_atfork handler, registered at the first call, marks
// every thread's buffer stale in the child, which then draws afresh (and OpenSSL reseeds its
// own DRBG in the child).
//
// Thread-safe: the buffer is the calling thread's. Throws std::runtime_error when OpenSSL has no
// secure randomness to give (as RAND_bytes failing).
#pragma once

#include <cstddef>
#include <span>

namespace gt3 {

inline constexpr std::size_t kSecureRandomBatch = 4096;

void secure_random_bytes(std::span<unsigned char> out);

}  // namespace gt3
