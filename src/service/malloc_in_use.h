// Which malloc serves this process: the one the program was linked with (GT3_ALLOCATOR, docs/
// operations.md) or one preloaded with LD_PRELOAD. Read from where the dynamic linker bound
// `malloc`, so the answer is what runs, not what the build asked for; `gt3-bypass --version`
// prints it. Thread-safe.
#pragma once

#include <string>

namespace gt3::service {

// "jemalloc 5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c", "tcmalloc gperftools 2.10",
// "glibc 2.36", or the file name of whatever other library provides malloc.
std::string malloc_in_use();

}  // namespace gt3::service
