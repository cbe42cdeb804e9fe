-- POSTs one line of BENCH_BODIES (form bodies, e.g. fresh single-use challenges) per request, and
-- does nothing per answer: bench/versus_nginx checks the verdicts on serve's /metrics instead, so
-- that wrk spends no Lua per answer beside the server it measures. A thread that runs out of
-- bodies stops (the rate is then an underestimate; the script reports it). BENCH_DELAY_MS, when
-- set, is a think time between a connection's requests (as in bench/wrk/paced.lua).
local threads = {}
local BodyLines = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") ..
                         "body_lines.lua")
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "")
if delay_ms then
  function delay()
    return delay_ms
  end
end

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  local nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")
  bodies, exhausted = BodyLines.load(os.getenv("BENCH_BODIES"), nthreads, tid), 0
  headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
end

function request()
  local body = bodies:next()
  if not body then
    exhausted = 1
    wrk.thread:stop()
    body = bodies.last
  end
  return wrk.format("POST", nil, headers, body)
end

function done(summary, latency, requests)
  local exhausted_total = 0
  for _, thread in ipairs(threads) do exhausted_total = exhausted_total + thread:get("exhausted") end
  io.write(string.format("EXHAUSTED %d\n", exhausted_total))
end
