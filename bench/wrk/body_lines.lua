-- One wrk thread's share of a file of request bodies (one per line: every nthreads-th line from
-- line tid), kept in one string and handed out line by line; bodies.lua and load.lua load it.
-- A Lua table of a million body strings cost each wrk thread a pause of 100-300 ms whenever the
-- garbage collector traversed it (LuaJIT traverses a table in one step): the p99 that
-- bench/versus_nginx printed for /validate was those pauses, while serve's own histogram of the
-- same run had no answer slower than 10 ms. One string is one object to the collector.
local BodyLines = {}
BodyLines.__index = BodyLines

function BodyLines.load(path, nthreads, tid)
  local mine, i = {}, 0
  for line in io.lines(path) do
    if i % nthreads == tid then mine[#mine + 1] = line end
    i = i + 1
  end
  local text = #mine > 0 and table.concat(mine, "\n") .. "\n" or ""
  return setmetatable({text = text, at = 1, last = mine[#mine] or ""}, BodyLines)
end

-- The next body, or nil once all are used.
function BodyLines:next()
  local stop = string.find(self.text, "\n", self.at, true)
  if not stop then return nil end
  local body = string.sub(self.text, self.at, stop - 1)
  self.at = stop + 1
  return body
end

return BodyLines
