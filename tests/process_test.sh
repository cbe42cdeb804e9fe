#!/usr/bin/env bash
# The program as a user runs it, against a real `gt3-bypass cloudsim` process:
#  - cloudsim starts on free ports, prints them, answers over HTTP, obeys the control API, and
#    exits 0 on SIGTERM;
#  - a bad cloudsim flag value is named, with a non-zero exit;
#  - `gt3-bypass probe` exits 0 for a healthy id and 1 for an invalid one or a cloud that is down.
# Loopback only; bounded waits.
#   tests/process_test.sh <path to gt3-bypass>
set -euo pipefail
bin=$1

source "$(dirname "$0")/lib.sh"

status=0; out=$("$bin" cloudsim --listen 127.0.0.1:0 --control 127.0.0.1:0 --max-challenges 0 2>&1) || status=$?
[ "$status" -ne 0 ] && [[ $out == *--max-challenges* ]] \
  || fail "cloudsim --max-challenges 0: exit $status, printed $out"

coproc SIM { exec "$bin" cloudsim --listen 127.0.0.1:0 --control 127.0.0.1:0 --mode status-fail 2>&1; }
pid=$SIM_PID
trap 'kill "$pid" 2>/dev/null || true' EXIT

cloud_port= control_port= app=
while [ -z "$app" ]; do
  IFS= read -r -t 10 line <&"${SIM[0]}" || fail "cloudsim printed no app line within 10 s"
  case $line in
    "cloudsim: cloud on http://127.0.0.1:"*) cloud_port=${line#*127.0.0.1:}; cloud_port=${cloud_port%% *} ;;
    "cloudsim: control on http://127.0.0.1:"*) control_port=${line#*127.0.0.1:}; control_port=${control_port%%/*} ;;
    "cloudsim: app "*) app=${line#cloudsim: app }; app=${app%% *} ;;
  esac
done
[ -n "$cloud_port" ] && [ -n "$control_port" ] || fail "ports not printed"
[ ${#app} -eq 32 ] || fail "demo app id '$app' is not 32 characters"

answer=$(http GET "$cloud_port" "/v1/bypass_status.php?gt=$app")
[[ $answer == *'"status": "fail"'* ]] || fail "--mode status-fail not applied: $answer"

answer=$(http POST "$control_port" /__control '{"mode":"up"}')
[[ $answer == *'"bypass":"up"'* ]] || fail "control did not switch to up: $answer"

answer=$(http GET "$cloud_port" "/v1/bypass_status.php?gt=$app")
[[ $answer == *'"status": "success"'* ]] || fail "not healthy after up: $answer"

answer=$(http GET "$cloud_port" "/register.php?gt=$app&json_format=1&digestmod=md5&sdk=t")
[[ $answer =~ \"challenge\":\"[0-9a-f]{32}\" ]] || fail "register.php answered: $answer"

bypass_url="http://127.0.0.1:$cloud_port/v1/bypass_status.php"
out=$("$bin" probe --geetest.id "$app" --geetest.bypass_url "$bypass_url") \
  || fail "probe of a healthy id exited non-zero: $out"
[[ $out == success* ]] || fail "probe printed: $out"
status=0; out=$("$bin" probe --geetest.id 1234567890 --geetest.bypass_url "$bypass_url" --json) || status=$?
[ "$status" -eq 1 ] || fail "probe of an invalid id exited $status, expected 1"
[[ $out == *'"outcome":"fail_status"'* ]] || fail "probe --json printed: $out"
http POST "$control_port" /__control '{"mode":"hang"}' >/dev/null
status=0; out=$(GT3_GEETEST_ID=$app "$bin" probe --geetest.bypass_url "$bypass_url" --bypass.timeout_ms 200) || status=$?
[ "$status" -eq 1 ] && [[ $out == timeout* ]] || fail "probe of a hanging cloud: exit $status, printed $out"
http POST "$control_port" /__control '{"mode":"up"}' >/dev/null

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
[ "$status" -eq 0 ] || fail "cloudsim exited $status on SIGTERM"
trap - EXIT
echo "process test passed"
