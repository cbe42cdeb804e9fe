#!/usr/bin/env bash
# `gt3-bypass demo` as a user runs it: it prints the URL to open, and every address it prints
# answers; it serves /register online, its control panel breaks the simulated cloud and /register
# turns offline, the page is there, and SIGTERM stops it with exit 0. Loopback only; bounded
# waits.
#   tests/demo_process_test.sh <path to gt3-bypass>
set -euo pipefail
bin=$1

source "$(dirname "$0")/lib.sh"

start_demo "$bin" --bypass.interval_ms 200 --bypass.timeout_ms 100
pid=$demo_pid port=$demo_port

# Every URL of the first line is one where something listens and answers HTTP: the page, the
# simulated cloud and its control API.
urls=$(grep -oE 'http://127\.0\.0\.1:[0-9]+[^ ,);]*' <<<"$demo_line")
[ "$(wc -l <<<"$urls")" -eq 3 ] || fail "the demo's line names other than three URLs: $demo_line"
while read -r url; do
  rest=${url#http://127.0.0.1:}
  url_port=${rest%%/*}
  target=/${rest#"$url_port"}
  target=/${target#/}
  answer=$(http GET "$url_port" "$target" 2>/dev/null) || answer=
  [[ $answer == 'HTTP/1.1 '* ]] || fail "nothing answers at $url (printed: $demo_line)"
done <<<"$urls"

answer=$(http GET "$port" /register)
[[ $answer == *'"success":1'* ]] || fail "/register is not online at start: $answer"
answer=$(http GET "$port" /)
[[ $answer == *'gt3-bypass demo</title>'* ]] || fail "no demo page at /"

# A cross-site page can send a text/plain POST without a preflight: refused, the cloud stays up.
answer=$(http POST "$port" /demo/cloud '{"mode":"down"}' text/plain)
[[ $answer == *'415 Unsupported Media Type'* ]] || fail "a text/plain control POST: $answer"
answer=$(http GET "$port" /demo/cloud)
[[ $answer == *'"mode":"up"'* && $answer == *'Cache-Control: no-store'* ]] ||
  fail "the cloud changed on a text/plain POST, or its mode may be cached: $answer"
answer=$(http POST "$port" /demo/cloud '{"mode":"down"}')
[[ $answer == *'"mode":"down"'* ]] || fail "the control panel did not break the cloud: $answer"
for _ in $(seq 1 100); do  # bounded: the switch takes a few probe periods of 200 ms
  answer=$(http GET "$port" /bypass/status)
  [[ $answer == *'"mode":"offline"'* ]] && break
  sleep 0.1
done
[[ $answer == *'"mode":"offline"'* ]] || fail "the status never turned offline: $answer"
answer=$(http GET "$port" /register)
[[ $answer == *'"success":0'* ]] || fail "/register is not offline: $answer"
answer=$(http POST "$port" /demo/cloud '{"mode":"explode"}')
[[ $answer == *'400 Bad Request'* && $answer == *'bad_mode'* ]] || fail "a bad mode: $answer"

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
[ "$status" -eq 0 ] || fail "demo exited $status on SIGTERM"
trap - EXIT
echo "demo process test passed"
