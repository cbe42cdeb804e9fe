-- A think time of BENCH_DELAY_MS milliseconds between the requests of each connection (wrk's
-- delay()), so that wrk -c64 offers about 64 / (think time + latency) requests a second: a load
-- both servers can carry, where a latency figure says how a request fares rather than how long
-- it queued behind a saturated core. GETs the URL given to wrk (bench/wrk/bodies.lua takes the
-- same variable for POSTs).
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "1")

function delay()
  return delay_ms
end
