#include "service/malloc_in_use.h"

#include <dlfcn.h>
#include <gnu/libc-version.h>

#include <cstdlib>
#include <string_view>

namespace gt3::service {
namespace {

// jemalloc's and gperftools' own ways of telling their version, looked up by name so that the
// program needs neither's headers.
using Mallctl = int (*)(const char*, void*, std::size_t*, void*, std::size_t);
using TcVersion = const char* (*)(int*, int*, const char**);

std::string_view base_name(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string malloc_in_use() {
  // The address the program calls for malloc, and the library it lies in.
  void* const bound = reinterpret_cast<void*>(&std::malloc);
  Dl_info info{};
  if (dladdr(bound, &info) == 0 || info.dli_fname == nullptr) return "unknown";
  const std::string_view library = base_name(info.dli_fname);
  void* const handle = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
  const auto symbol = [&](const char* name) { return handle ? dlsym(handle, name) : nullptr; };

  std::string answer;
  if (library.starts_with("libjemalloc")) {
    answer = "jemalloc";
    const char* version = nullptr;
    std::size_t size = sizeof version;
    if (auto* mallctl = reinterpret_cast<Mallctl>(symbol("mallctl"));
        mallctl && mallctl("version", &version, &size, nullptr, 0) == 0 && version) {
      answer += ' ';
      answer += version;
    }
  } else if (library.starts_with("libtcmalloc")) {
    answer = "tcmalloc";
    if (auto* tc_version = reinterpret_cast<TcVersion>(symbol("tc_version"))) {
      answer += ' ';
      answer += tc_version(nullptr, nullptr, nullptr);
    }
  } else if (library.starts_with("libc.so")) {
    answer = std::string("glibc ") + gnu_get_libc_version();
  } else {
    answer = std::string(library);
  }
  if (handle) dlclose(handle);
  return answer;
}

}  // namespace gt3::service
