#!/usr/bin/env bash
# `gt3-bypass serve` as a process reloading its configuration on SIGHUP (docs/operations.md,
# "Reload"): a new offline secret applies while an old challenge still passes, a key that needs a
# restart is refused by name with the old configuration kept, each reload is logged and counted
# in /metrics, no secret reaches the log, and SIGTERM still stops it with exit 0.
# The availability endpoint is a closed loopback port, so the service runs offline.
#   tests/serve_reload_test.sh <path to gt3-bypass>
set -euo pipefail
bin=$1

source "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
pid=
secret_a=reload-process-secret-a-0123456789
secret_b=reload-process-secret-b-0123456789
config=$work/gt3.toml
log=$work/serve.log

write_config() {  # secret previous [extra lines]
  printf '[offline]\nsecret = "%s"\nprevious_secrets = [%s]\n%s' "$1" "$2" "${3:-}" >"$config"
}

# Waits (bounded, 10 s) until the log has a line matching the pattern, and prints it.
await_log() {  # pattern
  local i
  for i in $(seq 200); do
    if grep -Eq "$1" "$log"; then grep -E "$1" "$log" | tail -1; return; fi
    sleep 0.05
  done
  fail "no log line matching '$1' within 10 s: $(cat "$log")"
}

metric() {  # series
  http GET "$port" /metrics | grep -F "$1 " | awk '{print $2}'
}

register() {
  local answer
  answer=$(http GET "$port" /register)
  [[ $answer =~ \"challenge\":\"([a-z0-9]{32})\" ]] || fail "/register answered: $answer"
  echo "${BASH_REMATCH[1]}"
}

validates() {  # challenge
  http POST "$port" /validate \
    "geetest_challenge=$1&geetest_validate=offline&geetest_seccode=offline%7Cjordan" \
    application/x-www-form-urlencoded | grep -q '"result":"success"'
}

write_config "$secret_a" ""
"$bin" serve --config "$config" --geetest.id 0123456789abcdef0123456789abcdef \
  --geetest.key reload-process-key --server.listen 127.0.0.1:0 --server.threads 2 \
  --geetest.bypass_url http://127.0.0.1:1/v1/bypass_status.php 2>"$log" &
pid=$!
line=$(await_log 'serve: listening on http://127.0.0.1:[0-9]+')
port=${line##*127.0.0.1:}
port=${port%% *}

before=$(register)
validates "$before" || fail "a challenge of the starting secret did not pass"
before=$(register)

write_config "$secret_b" "\"$secret_a\""
kill -HUP "$pid"
await_log "reload of $config applied; changed: offline.secret, offline.previous_secrets" >/dev/null
validates "$before" || fail "a challenge signed before the rotation did not pass after it"
validates "$(register)" || fail "a challenge signed after the rotation did not pass"
[ "$(metric 'gt3_config_reloads_total{result="applied"}')" = 1 ] || fail "applied reload not counted"

write_config "$secret_a" "" $'[server]\nmax_body_bytes = 4096\n'
kill -HUP "$pid"
await_log "reload of $config refused, the running configuration is kept: server.max_body_bytes changes only with a restart" >/dev/null
[ "$(metric 'gt3_config_reloads_total{result="refused"}')" = 1 ] || fail "refused reload not counted"
after=$(register)
write_config "$secret_b" ""  # B alone: what the service signs with must still be B
kill -HUP "$pid"
await_log "reload of $config applied; changed: offline.previous_secrets" >/dev/null
validates "$after" || fail "the refused reload changed the signing secret"

if grep -Eq "$secret_a|$secret_b|reload-process-key" "$log"; then
  fail "a secret reached the log: $(cat "$log")"
fi

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
[ "$status" -eq 0 ] || fail "serve exited $status on SIGTERM: $(cat "$log")"
pid=
echo "serve reload test passed"
