#!/usr/bin/env bash
# deploy/nginx/gt3-bypass.conf, as shipped, in front of a real `gt3-bypass serve` (Debian's
# nginx): the offline rate limit keys on the end user's address, never on nginx's, and never on
# an X-Forwarded-For the user wrote. The cloud is unreachable (port 1 on loopback), so serve runs
# offline with a rate limit of 2 attempts at once. Users are told apart by their source address
# on loopback (127.0.0.2, 127.0.0.3: all of 127/8 is local). Loopback only; bounded waits.
#   tests/nginx_proxy_test.sh <path to gt3-bypass> <source dir> <work dir>
set -euo pipefail
bin=$1 src=$2 work=$3

source "$(dirname "$0")/lib.sh"

command -v nginx >/dev/null || fail "nginx is missing (scripts/install-deps.sh test installs it)"
command -v curl >/dev/null || fail "curl is missing (scripts/install-deps.sh test installs it)"
rm -rf "$work"
mkdir -p "$work/tmp"

coproc SERVE { exec "$bin" serve --server.listen 127.0.0.1:0 --server.trusted_proxies 127.0.0.1 \
  --geetest.id 0123456789abcdef0123456789abcdef --geetest.key fedcba9876543210fedcba9876543210 \
  --geetest.api_url http://127.0.0.1:1 --geetest.bypass_url http://127.0.0.1:1/bypass \
  --offline.secret nginx-test-secret-0123456789 --offline.rate_limit_per_minute 1 \
  --offline.rate_limit_burst 2 2>&1; }
serve_pid=$SERVE_PID
nginx_pid=
trap 'kill "$serve_pid" 2>/dev/null || true; [ -z "$nginx_pid" ] || kill "$nginx_pid" 2>/dev/null || true' EXIT

serve_port=
while [ -z "$serve_port" ]; do
  IFS= read -r -t 10 line <&"${SERVE[0]}" || fail "serve printed no listening line within 10 s"
  case $line in
    *"serve: listening on http://127.0.0.1:"*)
      serve_port=${line#*serve: listening on http://127.0.0.1:}; serve_port=${serve_port%% *} ;;
  esac
done
# Keep reading serve's log so that it never blocks on a full pipe (a coprocess's descriptor is
# not inherited by a background job: hand it a copy).
exec {serve_log}<&"${SERVE[0]}"
cat <&"$serve_log" >"$work/serve.log" &

# The shipped file with two substitutions, each of which must match: the upstream's port and the
# listen address. Anything else in it is what an operator installs.
conf=$(cat "$src/deploy/nginx/gt3-bypass.conf")
[[ $conf == *"server 127.0.0.1:8080;"* && $conf == *"listen 80;"* ]] ||
  fail "deploy/nginx/gt3-bypass.conf no longer names 127.0.0.1:8080 and listen 80"

start_nginx() {  # port: 0 when nginx is up on it
  local port=$1
  sed -e "s/server 127.0.0.1:8080;/server 127.0.0.1:$serve_port;/" \
    -e "s/listen 80;/listen 127.0.0.1:$port;/" <<<"$conf" >"$work/gt3-bypass.conf"
  cat >"$work/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $work/tmp/body;
  proxy_temp_path $work/tmp/proxy;
  fastcgi_temp_path $work/tmp/fastcgi;
  uwsgi_temp_path $work/tmp/uwsgi;
  scgi_temp_path $work/tmp/scgi;
  include $work/gt3-bypass.conf;
}
EOF
  nginx -t -p "$work" -c "$work/nginx.conf" >"$work/nginx-t.log" 2>&1 ||
    fail "nginx -t refused the configuration: $(cat "$work/nginx-t.log")"
  nginx -p "$work" -c "$work/nginx.conf" >>"$work/nginx.log" 2>&1 &
  nginx_pid=$!
  for _ in $(seq 1 100); do  # bounded: nginx binds at once or exits
    if curl -s -o /dev/null "http://127.0.0.1:$port/static/"; then return 0; fi
    kill -0 "$nginx_pid" 2>/dev/null || { nginx_pid=; return 1; }
    sleep 0.05
  done
  fail "nginx did not answer on 127.0.0.1:$port"
}

# A free port for nginx (it cannot pick one itself): a few tries in case another process takes it.
nginx_port=
for _ in $(seq 1 10); do
  candidate=$((20000 + RANDOM % 40000))
  if start_nginx "$candidate"; then nginx_port=$candidate; break; fi
done
[ -n "$nginx_port" ] || fail "nginx could not listen: $(cat "$work/error.log")"
edge=http://127.0.0.1:$nginx_port

# One offline attempt from a user at `from`, with optional extra curl arguments; prints the reason.
attempt() {  # from [curl args...]
  local from=$1 register challenge answer
  shift
  register=$(curl -sS --interface "$from" "$edge/register?client_type=web")
  [[ $register == *'"success":0'* ]] || fail "/register through nginx is not offline: $register"
  challenge=$(sed -E 's/.*"challenge":"([^"]+)".*/\1/' <<<"$register")
  answer=$(curl -sS --interface "$from" "$@" "$edge/validate" \
    --data-urlencode "geetest_challenge=$challenge" \
    --data-urlencode "geetest_validate=0123456789abcdef0123456789abcdef" \
    --data-urlencode "geetest_seccode=0123456789abcdef0123456789abcdef|jordan")
  [[ $answer == *'"result"'* ]] || fail "/validate through nginx gave no verdict: $answer"
  if [[ $answer == *'"reason":"'* ]]; then
    sed -E 's/.*"reason":"([^"]+)".*/\1/' <<<"$answer"
  else
    echo passed
  fi
}

# User A spends its burst of 2; the third attempt is refused as A's.
for i in 1 2; do
  reason=$(attempt 127.0.0.2)
  echo "user A, attempt $i: $reason"
  [ "$reason" != rate_limited ] || fail "user A was rate limited on attempt $i of its burst"
done
reason=$(attempt 127.0.0.2)
[ "$reason" = rate_limited ] || fail "user A's third attempt was not rate limited: $reason"

# A writing someone else's address into X-Forwarded-For changes nothing: nginx replaced it.
reason=$(attempt 127.0.0.2 -H "X-Forwarded-For: 127.0.0.3")
[ "$reason" = rate_limited ] || fail "user A escaped its bucket with a forged X-Forwarded-For: $reason"

# User B, behind the same nginx, has a bucket of its own: nginx's address is nobody's bucket.
reason=$(attempt 127.0.0.3)
echo "user B: $reason"
[ "$reason" != rate_limited ] || fail "user B was rate limited by user A's attempts"

# What serve stands for is only the page's routes: its admin and metrics are not proxied.
code=$(curl -s -o /dev/null -w '%{http_code}' "$edge/metrics")
[ "$code" = 404 ] || fail "/metrics is reachable through nginx (HTTP $code)"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$edge/register")
[ "$code" = 403 ] || fail "POST /register through nginx answered $code, not 403"

kill -TERM "$serve_pid"
status=0
wait "$serve_pid" || status=$?
[ "$status" -eq 0 ] || fail "serve exited $status on SIGTERM"
trap - EXIT
kill "$nginx_pid" 2>/dev/null || true
echo "nginx proxy test passed: rate limit per end user through deploy/nginx/gt3-bypass.conf"
