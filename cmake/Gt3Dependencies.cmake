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
endif()

if(GT3_BUILD_TESTS)
  find_package(GTest 1.12 REQUIRED)
endif()

if(GT3_BUILD_BENCHMARKS)
  find_package(benchmark 1.7 REQUIRED)
endif()
