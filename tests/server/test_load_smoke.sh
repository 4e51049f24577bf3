#!/usr/bin/env bash
# Smoke run of bench/server-load.sh --quick: a localnet ledger, one `seal server`, pre-signed
# fetch_key requests (1 and 10 ids) replayed by wrk for 1 s each. Every request must be answered
# 200 (non_2xx and socket errors 0), the server must have answered some, RSS must be reported,
# and with the multi-buffer engine the key_batch_* counters must show shared passes.
# Usage: test_load_smoke.sh PATH/TO/seal   (seal-bench is expected in its bench/ folder)
set -uo pipefail
SEAL=${1:?usage: test_load_smoke.sh PATH/TO/seal}
build=$(cd "$(dirname "$SEAL")" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
out=$(bash "$here/../../bench/server-load.sh" --build "$build" --quick --json 2>&1)
rc=$?
echo "$out"
if [[ $rc != 0 ]]; then
    echo "FAIL server-load.sh exited $rc"
    echo "0 passed, 1 failed"
    exit 1
fi
python3 - "$out" <<'PY'
import json, sys
d = json.loads(sys.argv[1].strip().splitlines()[-1])
passed = failed = 0
def check(desc, cond):
    global passed, failed
    print(("ok   " if cond else "FAIL ") + desc)
    if cond: passed += 1
    else: failed += 1
for k in ("one_id", "ten_ids"):
    r = d[k]
    check(f"{k}: requests answered", r["requests"] > 0)
    check(f"{k}: no non-2xx answers", r["non_2xx"] == 0)
    check(f"{k}: no socket errors", r["socket_errors"] == 0)
    check(f"{k}: latency percentiles ordered", 0 < r["p50_ms"] <= r["p99_ms"] <= r["max_ms"])
    check(f"{k}: crypto-only limit measured", r["crypto_only_limit_requests_per_s"] > 0)
# cross-request batching (docs/server.md "Batching"), read from /metrics: with the multi-buffer
# engine the 2 ids past the 8 a 10-id request runs itself go through shared passes of 1..8 ids
t = d["ten_ids"]
if d["bls_backend"].startswith("ifma"):
    check("ten_ids: ids ran in cross-request passes", t["batch_ids"] > 0)
    check("ten_ids: 1 to 8 ids per pass", 1 <= t["batch_ids_per_pass"] <= 8)
else:
    check("no cross-request batching without the engine", t["batch_ids"] == 0)
check("RSS reported", all(v > 0 for v in d["rss_kb"].values()))
check("HTTP layer alone measured (/health)", d["health_requests_per_s"] > 0)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
