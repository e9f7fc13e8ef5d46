-- Shared by every benchmark slice: done() writes what wrk measured as JSON to the file named
-- by BENCH_WRK_OUT, with latency quantiles fine enough (1 % steps, 0.1 % in the tail) for the
-- harness to merge several slices into one exact-enough p50/p95/p99.

local function quantile_points()
  local points = {}
  for p = 1, 90 do points[#points + 1] = p end
  for p = 90.5, 99, 0.5 do points[#points + 1] = p end
  for p = 99.1, 99.95, 0.1 do points[#points + 1] = p end
  return points
end

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("BENCH_WRK_OUT"), "w"))
  local e = summary.errors
  out:write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "errors": {"connect": %d, "read": %d, '
      .. '"write": %d, "status": %d, "timeout": %d}, "max_us": %d, "quantiles": [',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout, latency.max))
  if summary.requests > 0 then
    for i, p in ipairs(quantile_points()) do
      out:write(string.format('%s[%.1f, %d]', i > 1 and ", " or "", p, latency:percentile(p)))
    end
  end
  out:write("]}\n")
  out:close()
end
