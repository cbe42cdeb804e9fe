-- The one wrk script of bench/run. Environment:
--   BENCH_BODIES  a file of form bodies, one per line: each request POSTs the next line to the
--                 URL's path (fresh single-use challenges); a thread that runs out stops, and
--                 "exhausted" in the result says so (then the rate is an underestimate).
--                 Unset: GET the URL given to wrk.
--   BENCH_EXPECT  a substring every answer body must contain (e.g. '"success":0'); answers without
--                 it are counted as "unexpected" (default: any 200 answer counts as expected).
--   BENCH_REJECT  a substring no answer may contain (e.g. '"false"'): those are "unexpected" too.
-- done() prints one line that bench/run parses:
--   RESULT rps=<completed requests / duration> p50_ms= p99_ms= p999_ms= max_ms= requests=
--          unexpected= non2xx= errors=<socket errors> exhausted=<threads that ran out>
-- Latencies are wrk's: from writing a request to reading its whole answer, per connection,
-- closed loop (a slow answer delays the next request on that connection).
local threads = {}
local BodyLines = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") ..
                         "body_lines.lua")

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")
  expect = os.getenv("BENCH_EXPECT")
  reject = os.getenv("BENCH_REJECT")
  unexpected, exhausted = 0, 0
  local file = os.getenv("BENCH_BODIES")
  if file then
    bodies = BodyLines.load(file, nthreads, tid)
    headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
  end
end

function request()
  if not bodies then return wrk.format("GET") end
  local body = bodies:next()
  if not body then
    exhausted = 1
    wrk.thread:stop()
    body = bodies.last
  end
  return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
  if status ~= 200 or (expect and not string.find(body, expect, 1, true))
      or (reject and string.find(body, reject, 1, true)) then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local unexpected_total, exhausted_total = 0, 0
  for _, thread in ipairs(threads) do
    unexpected_total = unexpected_total + thread:get("unexpected")
    exhausted_total = exhausted_total + thread:get("exhausted")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT rps=%.0f p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f requests=%d " ..
    "unexpected=%d non2xx=%d errors=%d exhausted=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000,
    summary.requests, unexpected_total, e.status, e.connect + e.read + e.write + e.timeout,
    exhausted_total))
end
