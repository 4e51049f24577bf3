-- wrk script for bench/ledger-rpc.sh and bench/ledger-grpc.sh: POSTs one body and counts answers
-- that are not HTTP 200 with the expected verdict; done() prints one JSON line.
--   JSON-RPC: env SEAL_RPC_BODY (the body), SEAL_RPC_EXPECT (text the answer must hold)
--   gRPC-web: env SEAL_GRPC_BODY_FILE (the binary body), SEAL_GRPC_EXPECT ("allow" or "deny");
--             the answer must also hold grpc-status:0
local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    local file = os.getenv("SEAL_GRPC_BODY_FILE")
    wrk.method = "POST"
    failures = 0
    if file then
        local f = assert(io.open(file, "rb"))
        wrk.body = f:read("*a")
        f:close()
        wrk.headers["Content-Type"] = "application/grpc-web+proto"
        -- ExecutionStatus inside TransactionEffects (field 4, tag 0x22): success = 08 01; a
        -- failure is 08 00 then the error (field 2, tag 0x12)
        expect = os.getenv("SEAL_GRPC_EXPECT") == "deny" and "\8\0\18" or "\34\2\8\1"
        trailer = "grpc-status:0"
    else
        wrk.body = os.getenv("SEAL_RPC_BODY")
        wrk.headers["Content-Type"] = "application/json"
        expect = os.getenv("SEAL_RPC_EXPECT") or '"status":"success"'
        trailer = ""
    end
end

function response(status, headers, body)
    if status ~= 200 or not string.find(body, expect, 1, true) or
        not string.find(body, trailer, 1, true) then
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
