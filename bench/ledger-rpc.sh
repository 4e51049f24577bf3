#!/usr/bin/env bash
# Dry runs of an allowlist seal_approve through `seal localnet serve` over loopback HTTP under
# concurrency (wrk), as a key server asks its full node (sui_dryRunTransactionBlock).
#
#   bench/ledger-rpc.sh [--seal PATH] [--duration S] [--threads N] [--connections N]
#                       [--server-threads N] [--deny]
#
# Sets up a fresh ledger with the CLI (localnet init, account new, allowlist create/add), starts
# the server on a free port, checks one dry run by hand, then runs wrk (default 2 threads, 64
# connections, 10 s) and prints one JSON object: dry_run_whitelist_http_per_s, p50_ms, p99_ms,
# and how many answers were not a granted (or, with --deny, refused) dry run. Target on the
# 2-core reference machine: >= 5000/s.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seal=${SEAL_BIN:-$here/../build/seal}
duration=10 threads=2 connections=64 server_threads=4 deny=0
while (($#)); do
    case $1 in
    --seal) seal=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --server-threads) server_threads=$2; shift 2 ;;
    --deny) deny=1; shift ;;
    -h | --help) sed -n 2,12p "$0"; exit 0 ;;
    *) echo "ledger-rpc.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
command -v wrk >/dev/null || { echo "ledger-rpc.sh: wrk is not installed (scripts/install-deps.sh)" >&2; exit 3; }
[[ -x $seal ]] || { echo "ledger-rpc.sh: no seal binary at $seal (build first or --seal PATH)" >&2; exit 3; }

source "$here/ledger-setup.sh"
ledger_setup "ledger-rpc.sh"
body="{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sui_dryRunTransactionBlock\",\"params\":[\"$tx_b64\"]}"
expect='"status":"success"'
((deny)) && expect='"status":"failure"'
check=$(curl -sf "$url" -H 'Content-Type: application/json' -d "$body")
grep -qF "$expect" <<<"$check" || { echo "ledger-rpc.sh: unexpected dry run answer: $check" >&2; exit 1; }

res() { echo "$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status") $(ls "/proc/$pid/fd" | wc -l)"; }
# a short warm-up first: the reader pool and worker stacks grow to their working size
SEAL_RPC_BODY=$body SEAL_RPC_EXPECT=$expect wrk -t"$threads" -c"$connections" -d2s \
    -s "$here/ledger-rpc.lua" "$url" >/dev/null
sleep 1
before=$(res)
out=$(SEAL_RPC_BODY=$body SEAL_RPC_EXPECT=$expect wrk -t"$threads" -c"$connections" \
    -d"${duration}s" --latency -s "$here/ledger-rpc.lua" "$url" | tail -n 1)
sleep 1 # let the server finish what wrk left in flight
after=$(res)
python3 - "$out" "$threads" "$connections" "$duration" "$server_threads" "$deny" "$(nproc)" \
    "$before" "$after" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
b, a = (list(map(int, x.split())) for x in sys.argv[8:10])
print(json.dumps({
    "dry_run_whitelist_http_per_s": round(r["per_s"], 1),
    "p50_ms": r["p50_ms"], "p99_ms": r["p99_ms"], "max_ms": r["max_ms"],
    "requests": r["requests"], "bad_answers": r["bad_answers"], "socket_errors": r["socket_errors"],
    "verdict": "deny" if sys.argv[6] == "1" else "allow",
    "wrk_threads": int(sys.argv[2]), "connections": int(sys.argv[3]), "duration_s": int(sys.argv[4]),
    "server_threads": int(sys.argv[5]), "cpus": int(sys.argv[7]), "target_per_s": 5000,
    "server_rss_kb": {"after_warmup": b[0], "after_run": a[0]},
    "server_open_fds": {"after_warmup": b[1], "after_run": a[1]},
}, indent=2))
sys.exit(0 if r["bad_answers"] == 0 and r["socket_errors"] == 0 else 1)
PY
