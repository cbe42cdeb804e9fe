# Shared by the process tests (sourced): a failure message, and one HTTP/1.1 exchange over bash's
# /dev/tcp (no curl on a minimal machine) that prints the whole answer. Loopback only.
fail() { echo "FAIL: $*" >&2; exit 1; }

http() {  # method port target [body [content type, default application/json]]
  local body=${4:-} type=${5:-application/json}
  exec 3<>"/dev/tcp/127.0.0.1/$2"
  printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s' \
    "$1" "$3" "$2" "$type" "${#body}" "$body" >&3
  timeout 5 cat <&3
  exec 3<&-
}
