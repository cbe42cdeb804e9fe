#include "sdk/secure_random.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <pthread.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <stdexcept>

namespace gt3 {
namespace {

// Bumped in the child of every fork: a buffer filled under an older value is the parent's.
std::atomic<std::uint64_t> fork_generation{0};

void note_fork_in_child() { fork_generation.fetch_add(1, std::memory_order_relaxed); }

void draw_from_openssl(std::span<unsigned char> out) {
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
    throw std::runtime_error(
        "OpenSSL RAND_bytes failed: no secure randomness available; check that the system's "
        "random source (getrandom, /dev/urandom) works for this process");
  }
}

struct Buffer {
  std::array<unsigned char, kSecureRandomBatch> bytes{};
  std::size_t next = kSecureRandomBatch;  // empty
  std::uint64_t generation = 0;

  ~Buffer() { OPENSSL_cleanse(bytes.data(), bytes.size()); }

  // The fork handler is registered before the first buffer is filled, so that no buffer can
  // outlive a fork unmarked; draws that bypass the buffer need none.
  void refill(std::uint64_t now_generation) {
    static std::once_flag registered;
    std::call_once(registered, [] { pthread_atfork(nullptr, nullptr, note_fork_in_child); });
    next = bytes.size();
    draw_from_openssl(bytes);
    next = 0;
    generation = now_generation;
  }
};

}  // namespace

void secure_random_bytes(std::span<unsigned char> out) {
  if (out.size() > kSecureRandomBatch / 4) {  // large draws gain nothing from the buffer
    draw_from_openssl(out);
    return;
  }
  thread_local Buffer buffer;
  const std::uint64_t generation = fork_generation.load(std::memory_order_relaxed);
  if (buffer.generation != generation || buffer.bytes.size() - buffer.next < out.size()) {
    buffer.refill(generation);
  }
  unsigned char* const from = buffer.bytes.data() + buffer.next;
  std::copy_n(from, out.size(), out.data());
  OPENSSL_cleanse(from, out.size());
  buffer.next += out.size();
}

}  // namespace gt3
