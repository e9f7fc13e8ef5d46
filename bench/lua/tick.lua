-- The tick: an htmx POST that ticks (done=1) or unticks (done=0) a milestone, as the project
-- page's checklist sends it. Each wrk thread cycles through its own share of the milestones in
-- BENCH_TICK_IDS (comma-separated), ticking them all, then unticking them all, and so on, so
-- that no two requests in flight touch the same milestone. BENCH_TICK_PATH is the address
-- before the milestone's id: the tick's, or its floor's (bench.floors).

-- post.lua sets the method and the headers (the -H Cookie, CSRF, HX-Request) every request uses.
dofile(os.getenv("BENCH_LUA_DIR") .. "/post.lua")

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
  -- nil method and headers: wrk.format takes post.lua's.
  return wrk.format(nil, os.getenv("BENCH_TICK_PATH") .. ids[position] .. "/", nil, "done=" .. done_value)
end
