#!/usr/bin/env bash
# Chaos, as real processes: a fleet of three `gt3-bypass serve` on one redis-server, against a
# `gt3-bypass cloudsim`. The fleet's poller (the lease holder) is killed with SIGKILL while users
# keep calling /register on the others; then the cloud hangs. A survivor takes the lease within
# about one lease period, both survivors turn offline (nobody stays on the dead poller's status),
# and every /register answer during the run is a 200. Loopback only; every wait is bounded; the
# processes are killed on exit whatever happens.
#   tests/fleet_leader_kill_test.sh <path to gt3-bypass>
set -euo pipefail
bin=$1
redis_server=${REDIS_SERVER:-/usr/bin/redis-server}
lease_ms=2000

source "$(dirname "$0")/lib.sh"

[ -x "$redis_server" ] || fail "$redis_server is missing: run scripts/install-deps.sh test"
dir=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }

# Waits (bounded, polling a file nothing announces) until `pattern` appears in `file`.
await_line() {  # file pattern seconds
  local until=$(($(now_ms) + $3 * 1000))
  until grep -q -- "$2" "$1" 2>/dev/null; do
    [ "$(now_ms)" -lt "$until" ] || return 1
    sleep 0.05
  done
}

redis_ping() {  # port
  (exec 4<>"/dev/tcp/127.0.0.1/$1" && printf 'PING\r\n' >&4 && timeout 1 head -c 5 <&4) \
    2>/dev/null | grep -q PONG
}

# redis-server on a free port: a random one that nothing answers on, retried if it is taken.
redis_port=
for _ in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 40000))
  (exec 4<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
  "$redis_server" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    --loglevel warning >"$dir/redis.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    redis_ping "$port" && { redis_port=$port; break; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if [ -n "$redis_port" ]; then pids+=("$pid"); break; fi
  kill -KILL "$pid" 2>/dev/null || true
done
[ -n "$redis_port" ] || fail "redis-server did not start: $(cat "$dir/redis.log")"

"$bin" cloudsim --listen 127.0.0.1:0 --control 127.0.0.1:0 >"$dir/sim.log" 2>&1 &
pids+=($!)
await_line "$dir/sim.log" "cloudsim: app " 10 || fail "cloudsim printed no app: $(cat "$dir/sim.log")"
cloud_port=$(sed -n 's|^cloudsim: cloud on http://127.0.0.1:\([0-9]*\).*|\1|p' "$dir/sim.log")
control_port=$(sed -n 's|^cloudsim: control on http://127.0.0.1:\([0-9]*\).*|\1|p' "$dir/sim.log")
app=$(sed -n 's|^cloudsim: app \([0-9a-f]*\) key \([0-9a-f]*\).*|\1|p' "$dir/sim.log" | head -1)
key=$(sed -n 's|^cloudsim: app \([0-9a-f]*\) key \([0-9a-f]*\).*|\2|p' "$dir/sim.log" | head -1)
[ -n "$cloud_port" ] && [ -n "$control_port" ] && [ -n "$app" ] && [ -n "$key" ] ||
  fail "cloudsim's ports or demo pair not found in: $(cat "$dir/sim.log")"

declare -A serve_pid serve_port
for i in 1 2 3; do
  "$bin" serve --geetest.id "$app" --geetest.key "$key" \
    --geetest.api_url "http://127.0.0.1:$cloud_port" \
    --geetest.bypass_url "http://127.0.0.1:$cloud_port/v1/bypass_status.php" \
    --geetest.timeout_ms 300 --server.listen 127.0.0.1:0 --server.threads 1 \
    --bypass.interval_ms 200 --bypass.timeout_ms 100 --store.kind redis \
    --store.redis_url "redis://127.0.0.1:$redis_port" --store.lease_ms "$lease_ms" \
    --offline.secret fleet-leader-kill-test-secret-0123456789 --log.level info \
    >"$dir/serve$i.log" 2>&1 &
  serve_pid[$i]=$!
  pids+=($!)
done
for i in 1 2 3; do
  await_line "$dir/serve$i.log" "serve: listening on" 10 ||
    fail "serve $i did not listen: $(cat "$dir/serve$i.log")"
  serve_port[$i]=$(sed -n 's|.*serve: listening on http://127.0.0.1:\([0-9]*\).*|\1|p' \
    "$dir/serve$i.log")
done

status_of() { http GET "${serve_port[$1]}" /bypass/status 2>/dev/null || true; }

# The fleet settles: exactly one leader, everyone online.
leader=
until=$(($(now_ms) + 15000))
while [ -z "$leader" ]; do
  [ "$(now_ms)" -lt "$until" ] || fail "no single leader within 15 s"
  leaders=() online=0
  for i in 1 2 3; do
    s=$(status_of "$i")
    if [[ $s == *'"leader":true'* ]]; then leaders+=("$i"); fi
    if [[ $s == *'"mode":"online"'* ]]; then online=$((online + 1)); fi
  done
  if [ "${#leaders[@]}" -eq 1 ] && [ "$online" -eq 3 ]; then leader=${leaders[0]}; else sleep 0.1; fi
done
survivors=()
for i in 1 2 3; do [ "$i" = "$leader" ] || survivors+=("$i"); done
echo "leader: serve $leader; survivors: ${survivors[*]}"

# Users call /register on the survivors until told to stop (bounded by a count as well).
load() {
  local n=0
  while [ ! -e "$dir/stop" ] && [ "$n" -lt 5000 ]; do
    for i in "${survivors[@]}"; do
      answer=$(http GET "${serve_port[$i]}" /register 2>/dev/null) || answer="no answer"
      echo "serve $i: ${answer%%$'\r'*}" >>"$dir/registers"
    done
    n=$((n + 1))
  done
}
load &
load_pid=$!
pids+=("$load_pid")
await_line "$dir/registers" "serve" 10 || fail "the load loop got no answer"

killed_at=$(now_ms)
kill -KILL "${serve_pid[$leader]}"
wait "${serve_pid[$leader]}" 2>/dev/null || true  # reaped here, quietly

# A survivor takes the lease: the dead holder's lapses within one lease period, and survivors
# try to take it on every store refresh (1 s).
new_leader=
until=$((killed_at + 10000))
while [ -z "$new_leader" ]; do
  [ "$(now_ms)" -lt "$until" ] || fail "no survivor became the leader within 10 s"
  for i in "${survivors[@]}"; do
    if [[ $(status_of "$i") == *'"leader":true'* ]]; then new_leader=$i; fi
  done
  [ -n "$new_leader" ] || sleep 0.05
done
took=$(($(now_ms) - killed_at))
echo "serve $new_leader became the leader ${took} ms after the kill"
[ "$took" -le $((lease_ms + 1000 + 2000)) ] ||
  fail "the takeover took $took ms, more than the lease ($lease_ms ms) + one refresh + 2 s slack"

# The cloud hangs: both survivors turn offline, none stays on the last status it heard.
answer=$(http POST "$control_port" /__control '{"mode":"hang"}')
[[ $answer == *'"bypass":"hang"'* ]] || fail "cloudsim did not hang: $answer"
for i in "${survivors[@]}"; do
  until=$(($(now_ms) + 10000))
  until [[ $(status_of "$i") == *'"mode":"offline"'* ]]; do
    [ "$(now_ms)" -lt "$until" ] || fail "serve $i still online 10 s after the cloud hung: $(status_of "$i")"
    sleep 0.05
  done
done
s=$(status_of "$new_leader")
[[ $s == *'"leader":true'* ]] || fail "serve $new_leader lost the lease: $s"

touch "$dir/stop"
wait "$load_pid" || fail "the load loop failed"
total=$(wc -l <"$dir/registers")
bad=$(grep -v 'HTTP/1.1 200' "$dir/registers" || true)
[ -z "$bad" ] || fail "$(echo "$bad" | wc -l) of $total /register answers were not 200: $(echo "$bad" | head -5)"
echo "fleet leader kill test passed ($total /register answers, all 200)"
