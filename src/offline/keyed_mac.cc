#include "offline/keyed_mac.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <stdexcept>

namespace gt3::offline {
namespace {

std::atomic<std::uint64_t> next_id{1};

// The keyed copies of one thread, replaced round robin.
class ThreadCopies {
 public:
  ThreadCopies() = default;
  ThreadCopies(const ThreadCopies&) = delete;
  ThreadCopies& operator=(const ThreadCopies&) = delete;
  ~ThreadCopies() {
    for (const Slot& slot : slots_) EVP_MAC_CTX_free(slot.context);
  }

  EVP_MAC_CTX* copy_of(std::uint64_t id, const EVP_MAC_CTX* keyed) {
    for (const Slot& slot : slots_) {
      if (slot.id == id) return slot.context;
    }
    EVP_MAC_CTX* copy = EVP_MAC_CTX_dup(keyed);
    if (copy == nullptr) throw std::runtime_error("OpenSSL EVP_MAC_CTX_dup failed");
    Slot& slot = slots_[next_];
    next_ = (next_ + 1) % slots_.size();
    EVP_MAC_CTX_free(slot.context);
    slot = Slot{id, copy};
    return copy;
  }

 private:
  struct Slot {
    std::uint64_t id = 0;  // 0: empty
    EVP_MAC_CTX* context = nullptr;
  };
  std::array<Slot, KeyedMac::kCopiesPerThread> slots_{};
  std::size_t next_ = 0;
};

thread_local ThreadCopies thread_copies;

}  // namespace

KeyedMac::KeyedMac(std::string_view key) : id_(next_id.fetch_add(1)) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (mac == nullptr) throw std::runtime_error("OpenSSL has no HMAC");
  context_ = EVP_MAC_CTX_new(mac);
  EVP_MAC_free(mac);  // the context holds its own reference
  if (context_ == nullptr) throw std::runtime_error("OpenSSL EVP_MAC_CTX_new failed");
  char digest_name[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_MAC_init(context_, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                   params) != 1) {
    EVP_MAC_CTX_free(context_);
    throw std::runtime_error("OpenSSL HMAC-SHA256 could not be keyed");
  }
}

KeyedMac::~KeyedMac() { EVP_MAC_CTX_free(context_); }

void KeyedMac::tag(std::string_view first, std::span<const unsigned char> second,
                   std::span<unsigned char> out) const {
  EVP_MAC_CTX* context = thread_copies.copy_of(id_, context_);
  std::array<unsigned char, EVP_MAX_MD_SIZE> full{};
  std::size_t size = 0;
  // Without a key, EVP_MAC_init starts a new tag under the key the context already has.
  const bool ok = EVP_MAC_init(context, nullptr, 0, nullptr) == 1 &&
                  EVP_MAC_update(context, reinterpret_cast<const unsigned char*>(first.data()),
                                 first.size()) == 1 &&
                  EVP_MAC_update(context, second.data(), second.size()) == 1 &&
                  EVP_MAC_final(context, full.data(), &size, full.size()) == 1 &&
                  size >= out.size();
  if (!ok) throw std::runtime_error("OpenSSL HMAC-SHA256 failed");
  std::copy_n(full.begin(), out.size(), out.begin());
}

}  // namespace gt3::offline
