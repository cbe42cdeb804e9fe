# The section bench/run writes at the top of bench/RESULTS.md (sourced by run, after the
# measurements; every variable comes from there).

num() {  # 12345.6 -> 12,346
  awk -v n="$1" 'BEGIN { s = sprintf("%.0f", n); t = "";
    while (length(s) > 3) { t = "," substr(s, length(s) - 2) t; s = substr(s, 1, length(s) - 3) }
    print s t }'
}
row() {  # row LABEL KEY
  local k=$2
  echo "| $1 | $(num "${RPS[$k]}") | ${P50[$k]} | ${P99[$k]} | ${P999[$k]} | ${MAXL[$k]} | ${BAD[$k]}$([ "${EXH[$k]:-0}" = 0 ] || echo ", bodies ran out") | ${CPU[$k]} |"
}
rate_p99() { echo "$(num "${RPS[$1]}") (${P99[$1]} ms)"; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }

GROWTH=$(sed -n 's/.*growth_pct=\([-0-9.]*\).*/\1/p' <<<"$SOAK_TABLE")
LOST=$(awk -F'|' 'NR == 3 {gsub(/ /, "", $7); print $7}' <<<"$USERS_TABLE")
# failover_figure FAULT COLUMN INDEX: from the row of FAULT with traffic, field INDEX (2: median,
# 3: max) of "min / median / max" in COLUMN; empty for n/a.
failover_figure() {
  awk -F'|' -v f=" $1 " -v c="$2" -v i="$3" '$2 == f && $3 !~ /none/ {
    if ($c ~ /n\/a/) exit; split($c, a, " / "); print a[i] + 0; exit }' <<<"$FAILOVER_TABLE"
}
GROWTH_STEADY=$(sed -n 's/.*growth_steady_pct=\([-0-9.]*\).*/\1/p' <<<"$SOAK_TABLE")
SOAK_OK=$(grep -o 'completed=[0-9]* failed=[0-9]*' <<<"$SOAK_TABLE")

SECTION=$WORK/section.md
{
  echo "## $(date -u +%Y-%m-%d): serve end to end (the benchmarks, \`bench/run\`$([ "$QUICK" = 1 ] && echo ", BENCH_QUICK=1 smoke run: short durations, not figures to quote"))"
  echo
  echo "Run $STARTED, ${ELAPSED} s. $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo);"
  echo "$(g++ --version | head -1); preset \`release\`: CMAKE_BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' build/release/CMakeCache.txt)"
  echo "($(sed -n 's/^CMAKE_CXX_FLAGS_RELWITHDEBINFO:STRING=//p' build/release/CMakeCache.txt)); wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/')."
  echo "Load average before / after: $LOAD_BEFORE / $LOAD_AFTER; compiler processes (other builds on the"
  echo "machine) at the start: ${BUILDS_BEFORE:-0}. wrk (2 threads), the clients and cloudsim (2 I/O threads) share the"
  echo "2 cores with \`serve\` (2 I/O threads): every rate is a floor, and online figures pay for cloudsim's"
  echo "CPU too. Latencies are wrk's (closed loop per connection, no coordinated-omission correction)."
  echo "\"bad\" counts answers that were not the expected one (not 200, wrong mode, verdict not success)"
  echo "plus socket errors. CPU per request is the user + system time of \`serve\` and of cloudsim during"
  echo "the run (/proc/<pid>/stat) divided by the requests wrk completed; wrk's own CPU is the rest."
  echo
  echo "### Side by side with nginx (\`bench/versus_nginx\`)"
  echo
  echo "$VERSUS_TABLE"
  echo
  echo "### Throughput and latency (items 1 and 2), \`wrk -t2 -c<c> -d${DUR}s --latency\`"
  echo
  echo "| endpoint | req/s | p50 ms | p99 ms | p99.9 ms | max ms | bad | CPU us/request: serve / cloudsim |"
  echo "|---|---|---|---|---|---|---|---|"
  for c in 64 256; do row "\`GET /healthz\` (ceiling), c$c" "healthz c$c"; done
  for c in 64 256; do row "\`GET /register\` online, c$c" "register online c$c"; done
  for c in 64 256; do row "\`GET /register\` offline (force-offline), c$c" "register offline c$c"; done
  for c in 64 256; do row "\`POST /validate\` online (fresh correct solves), c$c" "validate online c$c"; done
  for c in 64 256; do row "\`POST /validate\` offline compat (fresh signed), c$c" "validate compat c$c"; done
  for c in 64 256; do row "\`POST /validate\` offline pow (difficulty 8, precomputed), c$c" "validate pow c$c"; done
  for c in 64 256; do row "cloudsim \`GET /register.php\`, c$c" "cloud register c$c"; done
  for c in 64 256; do row "cloudsim \`POST /validate.php\` (fresh), c$c, ${CLOUD_VALIDATE_DUR} s" "cloud validate c$c"; done
  echo
  echo "Validate runs post one fresh challenge per request (minted just before the run by"
  echo "\`gt3_bench_mint_challenges\`: online ones issued by cloudsim's register.php and solved as /sim/solve"
  echo "does; offline ones signed with serve's \`offline.secret\`). cloudsim's validate.php runs for"
  echo "${CLOUD_VALIDATE_DUR} s only: at its rate, ${DUR} s would need a million challenges minted first."
  echo "Policy pow runs on a serve of its own with \`--offline.policy=pow --offline.pow_difficulty=8"
  echo "--offline.rate_limit_per_minute=0\` (checking costs one SHA-256 whatever the difficulty; 8 keeps"
  echo "minting short)."
  echo
  echo "### Connections and store (item 6)"
  echo
  echo "| connections | \`/healthz\` req/s (p99) | \`/register\` offline | \`/register\` online |"
  echo "|---|---|---|---|"
  for c in 16 64 256 1024; do
    echo "| $c | $(rate_p99 "healthz c$c") | $(rate_p99 "register offline c$c") | $(rate_p99 "register online c$c") |"
  done
  echo
  echo "| c64 | memory store req/s (p99 ms) | redis store | redis / memory |"
  echo "|---|---|---|---|"
  for k in "register online" "register offline" "validate online" "validate compat"; do
    echo "| \`$k\` | $(rate_p99 "$k c64") | $(rate_p99 "redis $k c64") | $(ratio "${RPS[redis $k c64]}" "${RPS[$k c64]}") |"
  done
  echo
  echo "### Failover over HTTP (item 3): ${REPS} reps each, min / median / max"
  echo
  echo "$FAILOVER_TABLE"
  echo
  echo "Defaults of \`serve\`: probe every 2 s +-10 %, probe timeout 800 ms, thresholds 2/2, cloud call"
  echo "deadline 800 ms. Times are taken by the client: from just before the control call to the"
  echo "arrival of the first answer in the new mode; \"worst register\" is the longest /register call"
  echo "answered between the fault and \`up\`. A \`/quiet\` row has no user traffic: the client polls"
  echo "\`/bypass/status\` (which never reaches the cloud) and reads its mode."
  echo
  echo "### Users lost in transitions (item 4)"
  echo
  echo "$USERS_TABLE"
  echo
  echo "Mode switches of \`serve\` during the run (\`gt3_transitions_total\`, failover reps included): $USERS_TRANSITIONS."
  echo
  echo "### Memory (item 5)"
  echo
  echo "Peak RSS (VmHWM) of each \`serve\` of item 1 at the end of its load (memory store; \"validations\""
  echo "counts the verdicts it gave, each accepted one kept in the single-use ledger for"
  echo "\`offline.challenge_ttl_s\` + 60 s = 360 s):"
  echo
  echo "| serve | load | validations | VmHWM |"
  echo "|---|---|---|---|"
  echo -n "$MEM_ROWS"
  echo
  echo "Soak: a fresh \`serve\`, $SOAK_RATE users a second for ${SOAK} s (half of 1 / (1/register + 1/validate)"
  echo "online at c64, capped at ${BENCH_SOAK_MAX_RATE:-1500}/s, what the one-thread client holds), each user a /register then"
  echo "a /validate (\`gt3_bench_paced_load\`, open loop):"
  echo
  echo "$SOAK_TABLE" | grep '^|'
  echo
  echo "RSS growth from ${BASELINE} s to the end: **${GROWTH} %**; from ${STEADY} s (the ledger's first entries"
  echo "expire after 360 s) to the end: ${GROWTH_STEADY} %; $SOAK_OK; VmHWM at the end $(mb "$SOAK_HWM")."
  echo
  echo "### Against the targets"
  echo
  echo "| target | figure | |"
  echo "|---|---|---|"
  for c in 64 256; do
    echo "| offline /register >= 50 % of /healthz (c$c) | $(ratio "${RPS[register offline c$c]}" "${RPS[healthz c$c]}") | $(met "$(awk -v a="${RPS[register offline c$c]}" -v b="${RPS[healthz c$c]}" 'BEGIN{print a/b}')" 0.5 ">=") |"
  done
  for c in 64 256; do
    for e in register validate; do
      echo "| online /$e within 20 % of cloudsim's $e.php (c$c) | $(ratio "${RPS[$e online c$c]}" "${RPS[cloud $e c$c]}") | $(met "$(awk -v a="${RPS[$e online c$c]}" -v b="${RPS[cloud $e c$c]}" 'BEGIN{print a/b}')" 0.8 ">=") |"
    done
  done
  for f in hang down status-fail; do
    med=$(failover_figure "$f" 5 2); med=${med:-99999}
    echo "| failover to offline < 1 s median with traffic ($f) | $(awk -F'|' -v f=" $f " '$2 == f && $3 !~ /none/ {gsub(/^ +| +$/, "", $5); gsub(/^ +| +$/, "", $4); print $5 " ms, min / median / max (offline in " $4 ")"; exit}' <<<"$FAILOVER_TABLE") | $(met "$med" 1000 "<") |"
    worst=$(failover_figure "$f" 6 3); worst=${worst:-99999}
    echo "| worst register < 800 ms ($f) | max ${worst} ms | $(met "$worst" 800 "<") |"
    rec=$(failover_figure "$f" 7 3)
    if [ -n "$rec" ]; then
      echo "| recovery < 5 s ($f) | max ${rec} ms | $(met "$rec" 5000 "<") |"
    else
      echo "| recovery < 5 s ($f) | never went offline | n/a |"
    fi
  done
  echo "| 0 users lost (item 4) | $LOST | $(met "$LOST" 1 "<") |"
  echo "| peak RSS < 50 MB | $(mb "$PEAK_KB") | $(met "$PEAK_KB" 51200 "<") |"
  echo "| < 5 % RSS growth over the soak | ${GROWTH} % | $(met "${GROWTH:-100}" 5 "<") |"
  echo
  echo "### Commands (ports are the free ones picked in that run)"
  echo
  echo '```'
  echo "bench/run   # make bench; BENCH_QUICK=$QUICK"
  echo "$BIN cloudsim --listen 127.0.0.1:0 --control 127.0.0.1:0 --threads 2"
  echo "redis-server --bind 127.0.0.1 --port <free> --save '' --appendonly no   # item 6 only"
  echo "$BIN serve --geetest.id=<app> --geetest.key=<key> --geetest.api_url=<cloud>"
  echo "    --geetest.bypass_url=<cloud>/v1/bypass_status.php --server.listen=127.0.0.1:0 --server.threads=2"
  echo "    --offline.secret=$SECRET --server.admin_token=$TOKEN --log.level=info [extra flags above]"
  echo "curl -XPOST -H 'Authorization: Bearer $TOKEN' -d '{\"mode\":\"force-offline\"}' <serve>/admin/override   # offline runs"
  sed "s|$WORK/bodies|bodies|g; s|$PWD/||g" "$WORK/commands"
  echo '```'
  echo
} >"$SECTION"

# The new section goes above the older ones, below the file's introduction.
awk -v section="$SECTION" '
  !done && /^## / { while ((getline line < section) > 0) print line; done = 1 }
  { print }
  END { if (!done) while ((getline line < section) > 0) print line }
' bench/RESULTS.md >"$WORK/RESULTS.md"
cp "$WORK/RESULTS.md" bench/RESULTS.md
