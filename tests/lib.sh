# Shared by the process tests (sourced): a failure message, one HTTP/1.1 exchange over bash's
# /dev/tcp (no curl on a minimal machine) that prints the whole answer, and a demo started on a
# free port. Loopback only.
fail() { echo "FAIL: $*" >&2; exit 1; }

http() {  # method port target [body [content type, default application/json]]
  local body=${4:-} type=${5:-application/json}
  exec 3<>"/dev/tcp/127.0.0.1/$2"
  printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s' \
    "$1" "$3" "$2" "$type" "${#body}" "$body" >&3
  timeout 5 cat <&3
  exec 3<&-
}

# Starts `gt3-bypass demo` on a free loopback port (extra arguments passed on) and waits for the
# URL it prints: sets demo_pid, demo_port and demo_line (the whole line), and an EXIT trap that
# kills the demo (a test that stops it itself clears the trap). Bounded: fails when no URL comes
# within 10 s.
start_demo() {  # bin [args...]
  local bin=$1 line
  shift
  coproc DEMO { exec "$bin" demo --server.listen 127.0.0.1:0 "$@" 2>/dev/null; }
  demo_pid=$DEMO_PID
  trap 'kill "$demo_pid" 2>/dev/null || true' EXIT
  demo_port=
  while [ -z "$demo_port" ]; do
    IFS= read -r -t 10 line <&"${DEMO[0]}" || fail "demo printed no URL within 10 s"
    case $line in
      "demo: open http://127.0.0.1:"*)
        demo_line=$line
        demo_port=${line#demo: open http://127.0.0.1:}
        demo_port=${demo_port%%/*}
        ;;
    esac
  done
}
