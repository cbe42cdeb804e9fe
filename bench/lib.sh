# Helpers of bench/run (sourced, not run): processes it starts and stops, wrk runs and their
# figures. Every process started here is recorded in PIDS and killed by cleanup (trap in run).
# Expects BIN (the gt3-bypass program), BENCH_BIN (build/<preset>/bench), WORK (a temp dir),
# LOG (the raw log) and DUR (seconds of one wrk run) to be set.

PIDS=()
declare -A RPS P50 P99 P999 MAXL BAD EXH CPU

# CPU time (user + system) of a process so far, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# tree_ticks PID [user]: the same for a process and its children (nginx's workers); "user" for
# user time alone.
tree_ticks() {
  local total=0 pid
  for pid in "$1" $(pgrep -P "$1" || true); do
    total=$((total + $(awk -v f="${2:-all}" '{print f == "user" ? $14 : $14 + $15}' \
      "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# need_tools COMMAND:PACKAGE ...: installs from Debian the package of each command missing here.
need_tools() {
  local tool sudo
  for tool in "$@"; do
    command -v "${tool%%:*}" >/dev/null 2>&1 && continue
    [ "$(id -u)" -eq 0 ] && sudo= || sudo=sudo
    $sudo apt-get install -y -q "${tool#*:}" >/dev/null ||
      { $sudo apt-get update -q && $sudo apt-get install -y -q "${tool#*:}" >/dev/null; }
  done
}

# A TCP port free on 127.0.0.1 right now.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

log() { echo "bench: $*" | tee -a "$LOG" >&2; }

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}

stop_pid() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# Waits until $2 matches a line of file $1 (10 s at most).
wait_for_line() {
  for _ in $(seq 200); do grep -q "$2" "$1" && return 0; sleep 0.05; done
  echo "bench: '$2' never appeared in $1:" >&2; cat "$1" >&2; return 1
}

# Sets CLOUD, CONTROL (URLs), APP_ID, APP_KEY, SIM_PID.
# What cloudsim remembers: an online /validate run mints 600,000, a repeat 1,500,000.
SIM_MAX_CHALLENGES=2000000

start_cloudsim() {
  local out=$WORK/cloudsim.log
  : >"$out"
  "$BIN" cloudsim --listen 127.0.0.1:0 --control 127.0.0.1:0 --threads 2 \
    --max-challenges "$SIM_MAX_CHALLENGES" >"$out" 2>&1 &
  SIM_PID=$!; PIDS+=("$SIM_PID")
  wait_for_line "$out" '^cloudsim: app '
  CLOUD=http://127.0.0.1:$(sed -n 's|^cloudsim: cloud on http://127.0.0.1:\([0-9]*\).*|\1|p' "$out")
  CONTROL=$(sed -n 's|^cloudsim: control on \(http://[^ ]*\).*|\1|p' "$out")
  APP_ID=$(sed -n 's|^cloudsim: app \([0-9a-f]*\) key \([0-9a-f]*\).*|\1|p' "$out" | head -1)
  APP_KEY=$(sed -n 's|^cloudsim: app \([0-9a-f]*\) key \([0-9a-f]*\).*|\2|p' "$out" | head -1)
}

# start_serve NAME [--flag=value ...]: sets SERVE (URL) and SERVE_PID.
start_serve() {
  local name=$1; shift
  local out=$WORK/serve-$name.log
  : >"$out"
  "$BIN" serve --geetest.id="$APP_ID" --geetest.key="$APP_KEY" --geetest.api_url="$CLOUD" \
    --geetest.bypass_url="$CLOUD/v1/bypass_status.php" --server.listen=127.0.0.1:0 \
    --server.threads=2 --offline.secret="$SECRET" --server.admin_token="$TOKEN" \
    --log.level=info "$@" >"$out" 2>&1 &
  SERVE_PID=$!; PIDS+=("$SERVE_PID")
  wait_for_line "$out" 'serve: listening on'
  SERVE=$(sed -n 's|.*serve: listening on \(http://[0-9.:]*\).*|\1|p' "$out" | head -1)
  log "serve $name: $SERVE (pid $SERVE_PID) $*"
  for _ in $(seq 100); do  # the first probe decides the mode; wait until it is online
    curl -s "$SERVE/bypass/status" | grep -q '"mode":"online"' && return 0; sleep 0.05
  done
}

override() {
  curl -s -XPOST -H "Authorization: Bearer $TOKEN" -d "{\"mode\":\"$1\"}" "$SERVE/admin/override" \
    >>"$LOG"; echo >>"$LOG"
}

# kB of VmHWM or VmRSS of a pid.
mem_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }

# wrk_run KEY CONNS DURATION URL [ENV=VALUE ...]: one wrk run with bench/wrk/load.lua; its figures
# land in RPS[KEY] etc. (latencies in ms).
wrk_run() {
  local key=$1 conns=$2 dur=$3 url=$4; shift 4
  local cmd=(wrk -t2 -c"$conns" -d"${dur}s" --latency -s bench/wrk/load.lua "$url")
  echo "\$ $(printf '%q ' "$@" "${cmd[@]}")" >>"$WORK/commands"
  local out serve0 sim0
  serve0=$(cpu_ticks "$SERVE_PID"); sim0=$(cpu_ticks "$SIM_PID")
  out=$(env "$@" "${cmd[@]}" 2>&1) || { echo "$out" >&2; return 1; }
  local serve1 sim1; serve1=$(cpu_ticks "$SERVE_PID"); sim1=$(cpu_ticks "$SIM_PID")
  echo "== $key: ${*:+$* }${cmd[*]}" >>"$LOG"; echo "$out" >>"$LOG"
  local r; r=$(grep '^RESULT ' <<<"$out")
  RPS[$key]=$(sed 's/.* rps=\([0-9.]*\).*/\1/' <<<"$r")
  P50[$key]=$(sed 's/.* p50_ms=\([0-9.]*\).*/\1/' <<<"$r")
  P99[$key]=$(sed 's/.* p99_ms=\([0-9.]*\).*/\1/' <<<"$r")
  P999[$key]=$(sed 's/.* p999_ms=\([0-9.]*\).*/\1/' <<<"$r")
  MAXL[$key]=$(sed 's/.* max_ms=\([0-9.]*\).*/\1/' <<<"$r")
  BAD[$key]=$(awk '{for(i=1;i<=NF;i++){split($i,a,"="); if(a[1]=="unexpected"||a[1]=="errors") s+=a[2]}} END{print s+0}' <<<"$r")
  EXH[$key]=$(sed 's/.* exhausted=\([0-9]*\).*/\1/' <<<"$r")
  local requests; requests=$(sed 's/.* requests=\([0-9]*\).*/\1/' <<<"$r")
  # CPU microseconds per request of serve and of cloudsim during the run (wrk takes the rest).
  CPU[$key]=$(awk -v a=$((serve1 - serve0)) -v b=$((sim1 - sim0)) -v n="$requests" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.0f / %.0f", a * 1e6 / hz / n, b * 1e6 / hz / n }')
  log "$key c$conns: ${RPS[$key]} req/s, p50 ${P50[$key]} p99 ${P99[$key]} p99.9 ${P999[$key]} ms, bad ${BAD[$key]}, exhausted ${EXH[$key]}, CPU us/req serve / cloudsim ${CPU[$key]}"
}

# validate_run KEY CONNS DURATION URL EXPECT REJECT COUNT MINT-ARGS...: mints COUNT fresh bodies
# (gt3_bench_mint_challenges MINT-ARGS --count COUNT), then one wrk run that posts one per request.
# A run that used them all up is repeated once with 2.5 times as many (online: up to 90 % of what
# cloudsim remembers). Offline runs are sized not to need it: a repeat on the same serve would
# find its single-use ledger nearly full.
validate_run() {
  local key=$1 conns=$2 dur=$3 url=$4 expect=$5 reject=$6 count=$7; shift 7
  local try
  for try in 1 2; do
    "$BENCH_BIN/gt3_bench_mint_challenges" "$@" --count "$count" >"$WORK/bodies" 2>>"$LOG"
    echo "$ gt3_bench_mint_challenges $* --count $count > bodies" >>"$WORK/commands"
    wrk_run "$key" "$conns" "$dur" "$url" BENCH_BODIES="$WORK/bodies" BENCH_EXPECT="$expect" \
      ${reject:+BENCH_REJECT="$reject"}
    [ "${EXH[$key]}" = 0 ] && break
    count=$((count * 5 / 2))
    local cap=$((SIM_MAX_CHALLENGES * 9 / 10))
    [ "$1" = online ] && [ "$count" -gt "$cap" ] && count=$cap
  done
}

# Formats a number of requests/s with thousands separators.
fmt() { printf "%'.0f" "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f %%", 100 * a / b }'; }
met() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = op == "<" ? v < t : v >= t; print ok ? "met" : "**missed**" }'; }
