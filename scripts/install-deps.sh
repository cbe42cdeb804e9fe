#!/usr/bin/env bash
# Installs the Debian 12 packages gt3-bypass needs, and nothing when they are all there.
#
#   scripts/install-deps.sh build   toolchain and libraries: enough to build and run everything
#   scripts/install-deps.sh test    build, plus what the test suite runs against
#   scripts/install-deps.sh fuzz    build, plus clang and libFuzzer for scripts/fuzz
#
# Idempotent: asks dpkg what is missing and runs `apt-get update` + `apt-get install` only then.
set -euo pipefail

build_packages=(
  g++ make cmake pkg-config ccache
  libssl-dev                                # OpenSSL 3: digests, HMAC, CSPRNG, TLS
  libboost1.81-dev libboost-url1.81-dev     # Beast, Asio, URL, system::result
  nlohmann-json3-dev                        # JSON
  libhiredis-dev                            # Redis client
  libspdlog-dev                             # logging
  libcli11-dev                              # command line
  libtomlplusplus-dev                       # configuration file
  prometheus-cpp-dev                        # /metrics (core library only)
  libjemalloc-dev                           # the program's malloc in the release preset
  libgtest-dev libgmock-dev                 # unit tests (configured with the build)
  libbenchmark-dev                          # micro-benchmarks under bench/
  dpkg-dev                                  # dpkg-shlibdeps: the Depends of `make package`'s .deb
  help2man                                  # the man page gt3-bypass(1) of that .deb, from --help
)
test_packages=(
  redis-server                              # the real Redis that store tests start themselves
  chromium                                  # the real browser of the page tests (headless)
  fonts-liberation                          # readable text in its screenshots (a Recommends)
  # promtool, for the alert rules' tests (deploy/prometheus). Where systemd runs, the package
  # also starts a Prometheus server on :9090; no test needs that port (they pick free ones).
  prometheus
  lintian                                   # checks the .deb (package.Lintian)
  systemd                                   # systemd-analyze verify on the units (package.Units)
  # nginx in front of serve (nginx.Proxy), driven by curl from chosen source addresses. Where
  # systemd runs, the package also starts an nginx on :80; the test runs its own on a free port.
  nginx-light
  curl
)
fuzz_packages=(
  clang                                     # the fuzz preset compiles with clang 14
  libclang-rt-14-dev                        # libFuzzer, ASan and UBSan runtimes for clang
)
# Node.js runs the page tests (playwright-core from the npm registry). A machine that already has
# node and npm (e.g. from NodeSource, whose nodejs conflicts with Debian's npm) keeps them.
command -v node >/dev/null 2>&1 || test_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || test_packages+=(npm)

case "${1:-build}" in
  build) wanted=("${build_packages[@]}") ;;
  test) wanted=("${build_packages[@]}" "${test_packages[@]}") ;;
  fuzz) wanted=("${build_packages[@]}" "${fuzz_packages[@]}") ;;
  *)
    echo "install-deps.sh: unknown set '${1}'; use 'build', 'test' or 'fuzz'" >&2
    exit 2
    ;;
esac

missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing+=("$pkg")
done

# The npm packages of the Node tests, each from its folder's package-lock.json, once: the page
# tests (tests/browser) and GeeTest's own SDK against the simulator (tests/geetest_sdk).
npm_packages() {
  local root folder dir
  root="$(cd "$(dirname "$0")/.." && pwd)"
  for folder in tests/browser tests/geetest_sdk; do
    dir="$root/$folder"
    if [ "${1:-build}" = test ] && [ -f "$dir/package-lock.json" ] && [ ! -d "$dir/node_modules" ]; then
      echo "install-deps.sh: npm ci in $folder"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
  done
}

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps.sh: all ${#wanted[@]} packages present"
  npm_packages "${1:-build}"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "install-deps.sh: missing packages: ${missing[*]}" >&2
  echo "install-deps.sh: run this script as root, or install them with apt-get" >&2
  exit 1
fi

echo "install-deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
npm_packages "${1:-build}"
