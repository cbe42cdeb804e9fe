#!/usr/bin/env bash
# The alert rules and the Grafana dashboard name only metrics the service exports: every
# `gt3_...` name in deploy/prometheus/gt3-bypass.rules.yml and deploy/grafana/
# gt3-bypass.dashboard.json must appear on the /metrics of a running `gt3-bypass demo`
# (histogram suffixes _bucket, _sum and _count stripped). A renamed or removed metric then fails
# here instead of leaving an alert that can never fire. Loopback only; bounded waits.
#   tests/prometheus_names_test.sh <path to gt3-bypass> <source dir>
set -euo pipefail
bin=$1
src=$2

source "$(dirname "$0")/lib.sh"

strip_suffix() { sed -E 's/_(bucket|sum|count)$//'; }

used=$(cat "$src/deploy/prometheus/gt3-bypass.rules.yml" \
  "$src/deploy/grafana/gt3-bypass.dashboard.json" | grep -oE 'gt3_[a-z0-9_]+' | strip_suffix |
  sort -u)
# A pattern that matched nothing would make the test pass vacuously.
[ "$(wc -l <<<"$used")" -ge 5 ] || fail "found almost no gt3_ names in the rules and dashboard"

start_demo "$bin"
pid=$demo_pid port=$demo_port

answer=$(http GET "$port" /metrics)
[[ $answer == 'HTTP/1.1 200'* ]] || fail "GET /metrics did not answer 200: ${answer:0:200}"
# Sample lines only (a family without series exports nothing to alert on), both as written and
# with the histogram suffixes stripped.
samples=$(tr -d '\r' <<<"$answer" | grep -oE '^gt3_[a-z0-9_]+' | sort -u)
exported=$( (echo "$samples"; strip_suffix <<<"$samples") | sort -u)

missing=$(comm -23 <(echo "$used") <(echo "$exported"))
[ -z "$missing" ] || fail "named in the rules or the dashboard but not exported on /metrics:
$missing"

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
[ "$status" -eq 0 ] || fail "demo exited $status on SIGTERM"
trap - EXIT
echo "prometheus names test passed: $(wc -l <<<"$used") names, all exported"
