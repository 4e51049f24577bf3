-- wrk script for bench/server-load.sh: POSTs pre-signed fetch_key bodies (one per line of the
-- file given after `--`), cycling through them, each thread from its own offset; prints one
-- line "WRK_JSON {...}" with the totals and latency percentiles (microseconds).
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local bodies = {}
local idx = 0
local headers = {
  ["Content-Type"] = "application/json",
  ["Client-Sdk-Type"] = "typescript",
  ["Client-Sdk-Version"] = "1.4.12",
  ["Request-Id"] = "server-load",
}

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then bodies[#bodies + 1] = line end
  end
  idx = ((id or 0) * math.floor(#bodies / 2)) % #bodies
end

function request()
  idx = idx % #bodies + 1
  return wrk.format("POST", nil, headers, bodies[idx])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"non2xx":%d,"socket_errors":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean))
end
