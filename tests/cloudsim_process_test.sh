#!/usr/bin/env bash
# `gt3-bypass cloudsim` as a user runs it: starts on free ports, prints them, answers over HTTP,
# obeys the control API, and exits 0 on SIGTERM. Loopback only; bounded waits.
#   tests/cloudsim_process_test.sh <path to gt3-bypass>
set -euo pipefail
bin=$1

fail() { echo "FAIL: $*" >&2; exit 1; }

# One HTTP/1.1 exchange over bash's /dev/tcp (no curl on a minimal machine); prints the answer.
http() {  # method port target [body]
  local body=${4:-}
  exec 3<>"/dev/tcp/127.0.0.1/$2"
  printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s' \
    "$1" "$3" "${#body}" "$body" >&3
  timeout 5 cat <&3
  exec 3<&-
}

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

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
[ "$status" -eq 0 ] || fail "cloudsim exited $status on SIGTERM"
trap - EXIT
echo "cloudsim process test passed"
