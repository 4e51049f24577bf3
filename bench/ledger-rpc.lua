-- wrk script for bench/ledger-rpc.sh: POSTs one JSON-RPC body (env SEAL_RPC_BODY) and counts
-- answers that are not HTTP 200 with a successful dry run; done() prints one JSON line.
local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    wrk.method = "POST"
    wrk.body = os.getenv("SEAL_RPC_BODY")
    wrk.headers["Content-Type"] = "application/json"
    failures = 0
    expect = os.getenv("SEAL_RPC_EXPECT") or '"status":"success"'
end

function response(status, headers, body)
    if status ~= 200 or not string.find(body, expect, 1, true) then
        failures = failures + 1
    end
end

function done(summary, latency, requests)
    local failed = 0
    for _, t in ipairs(threads) do
        failed = failed + (t:get("failures") or 0)
    end
    local secs = summary.duration / 1e6
    local errs = summary.errors.connect + summary.errors.read + summary.errors.write +
                 summary.errors.status + summary.errors.timeout
    io.write(string.format(
        '{"requests":%d,"seconds":%.3f,"per_s":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,' ..
        '"max_ms":%.3f,"bad_answers":%d,"socket_errors":%d}\n',
        summary.requests, secs, summary.requests / secs, latency:percentile(50) / 1000,
        latency:percentile(99) / 1000, latency.max / 1000, failed, errs))
end
