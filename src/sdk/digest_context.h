// One EVP_MD_CTX per thread, for one-shot digests (gt3/digest.h, offline/sha256.h): a digest
// re-initialises it (EVP_DigestInit_ex) instead of making a context, which cost two allocations
// per digest, on every /register (the challenge digest) and every ledger claim. Freed when the
// thread ends.
//
// Internal. Not for nesting: finish one digest on the context before starting another.
#pragma once

#include <openssl/evp.h>

namespace gt3 {

// Throws std::runtime_error when OpenSSL cannot make the context.
EVP_MD_CTX* thread_digest_context();

}  // namespace gt3
