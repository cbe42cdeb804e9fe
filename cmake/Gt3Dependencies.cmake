# Every dependency comes from a Debian 12 package (scripts/install-deps.sh installs them) and is
# found through its own CMake package config, except hiredis: Debian's HiredisConfig.cmake defines
# no target, so it is found with pkg-config (gt3Config.cmake.in does the same for consumers).
find_package(Threads REQUIRED)
find_package(OpenSSL 3.0 REQUIRED)
find_package(Boost 1.81 REQUIRED COMPONENTS url)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(spdlog 1.10 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis>=0.14)

if(GT3_BUILD_PROGRAM)
  find_package(CLI11 2.1 REQUIRED)
  find_package(tomlplusplus 3.3 REQUIRED)
  find_package(prometheus-cpp CONFIG REQUIRED COMPONENTS core)  # Debian ships no version file
  # The program's malloc (GT3_ALLOCATOR), linked by file: jemalloc.pc would add an rpath to a
  # system directory, which the .deb must not carry.
  unset(GT3_ALLOCATOR_LIBRARY)
  if(GT3_ALLOCATOR STREQUAL "jemalloc")
    find_library(GT3_JEMALLOC_LIBRARY NAMES jemalloc REQUIRED)  # libjemalloc-dev
    set(GT3_ALLOCATOR_LIBRARY ${GT3_JEMALLOC_LIBRARY})
  elseif(GT3_ALLOCATOR STREQUAL "tcmalloc")
    find_library(GT3_TCMALLOC_LIBRARY NAMES tcmalloc_minimal REQUIRED)  # libgoogle-perftools-dev
    set(GT3_ALLOCATOR_LIBRARY ${GT3_TCMALLOC_LIBRARY})
  elseif(NOT GT3_ALLOCATOR STREQUAL "system")
    message(FATAL_ERROR "GT3_ALLOCATOR is '${GT3_ALLOCATOR}'; use system, jemalloc or tcmalloc")
  endif()
endif()

if(GT3_BUILD_TESTS)
  find_package(GTest 1.12 REQUIRED)
endif()

if(GT3_BUILD_BENCHMARKS)
  find_package(benchmark 1.7 REQUIRED)
endif()
