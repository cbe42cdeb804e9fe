#!/usr/bin/env bash
# Throughput of the cloud simulator's register.php, the load `serve` puts on it in benchmarks:
#   bench/cloudsim_wrk.sh [build-dir]      (default build/release; run `make build` first)
# Installs wrk from Debian when missing; loopback only; stops by itself after 10 s of load.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
bin=$build/src/service/gt3-bypass
[ -x "$bin" ] || { echo "cloudsim_wrk.sh: $bin not built; run 'make build' first" >&2; exit 1; }
if ! command -v wrk >/dev/null 2>&1; then
  [ "$(id -u)" -eq 0 ] && sudo= || sudo=sudo
  $sudo apt-get install -y -q wrk >/dev/null || { $sudo apt-get update -q && $sudo apt-get install -y -q wrk; }
fi

log=$(mktemp)
"$bin" cloudsim --listen 127.0.0.1:0 --control 127.0.0.1:0 >"$log" 2>&1 &
sim=$!
trap 'kill $sim 2>/dev/null; wait $sim 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q '^cloudsim: app ' "$log" && break; sleep 0.05; done
port=$(sed -n 's|^cloudsim: cloud on http://127.0.0.1:\([0-9]*\).*|\1|p' "$log")
id=$(sed -n 's|^cloudsim: app \([0-9a-f]*\).*|\1|p' "$log" | head -1)
[ -n "$port" ] && [ -n "$id" ] || { echo "cloudsim did not start:"; cat "$log"; exit 1; }

echo "== wrk -t2 -c64 -d10s register.php on cloudsim (port $port) =="
wrk -t2 -c64 -d10s "http://127.0.0.1:$port/register.php?gt=$id&json_format=1&digestmod=md5&sdk=bench"
echo "== peak RSS of cloudsim: $(grep VmHWM /proc/$sim/status | awk '{print $2, $3}') =="
