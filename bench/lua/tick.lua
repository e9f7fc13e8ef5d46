-- The tick: an htmx POST that ticks (done=1) or unticks (done=0) a milestone, as the project
-- page's checklist sends it. Each wrk thread cycles through its own share of the milestones in
-- BENCH_TICK_IDS (comma-separated), ticking them all, then unticking them all, and so on, so
-- that no two requests in flight touch the same milestone. BENCH_TICK_PATH is the address
-- before the milestone's id: the tick's, or its floor's (bench.floors).

dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local threads = 0

function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

local ids, position, done_value

function init(args)
  ids = {}
  local all = {}
  for id in string.gmatch(os.getenv("BENCH_TICK_IDS"), "%d+") do all[#all + 1] = id end
  local count = tonumber(os.getenv("BENCH_THREADS"))
  for i = offset + 1, #all, count do ids[#ids + 1] = all[i] end
  position, done_value = 0, "1"
end

function request()
  position = position + 1
  if position > #ids then
    position, done_value = 1, (done_value == "1") and "0" or "1"
  end
  -- wrk.format uses the headers it is given instead of wrk.headers (the -H Cookie): copy them.
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["HX-Request"] = "true"
  headers["X-CSRFToken"] = os.getenv("BENCH_CSRF")
  return wrk.format("POST", os.getenv("BENCH_TICK_PATH") .. ids[position] .. "/", headers, "done=" .. done_value)
end
