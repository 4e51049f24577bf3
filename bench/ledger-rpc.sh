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

dir=$(mktemp -d)
pid=
cleanup() {
    [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    rm -rf "$dir"
}
trap cleanup EXIT

json() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
"$seal" localnet init --data "$dir" >"$dir/init.json"
examples=$(json examples_package <"$dir/init.json")
"$seal" localnet account new >"$dir/owner.json"
"$seal" localnet account new >"$dir/member.json"
owner_key=$(json private_key <"$dir/owner.json")
member=$(json address <"$dir/member.json")
"$seal" localnet allowlist create --data "$dir" --key "$owner_key" --name bench >"$dir/al.json"
allowlist=$(json allowlist <"$dir/al.json")
cap=$(json cap <"$dir/al.json")
"$seal" localnet allowlist add --data "$dir" --key "$owner_key" --allowlist "$allowlist" \
    --cap "$cap" --member "$member" >/dev/null
sender=$member
if ((deny)); then
    "$seal" localnet account new >"$dir/stranger.json"
    sender=$(json address <"$dir/stranger.json")
fi

"$seal" localnet serve --data "$dir" --listen 127.0.0.1:0 --threads "$server_threads" \
    >"$dir/serve.out" &
pid=$!
for _ in $(seq 100); do
    grep -q '^ready ' "$dir/serve.out" 2>/dev/null && break
    sleep 0.05
done
url=$(sed -n 's/^ready //p' "$dir/serve.out")
[[ -n $url ]] || { echo "ledger-rpc.sh: the server did not start" >&2; exit 3; }

# The allowlist's initial shared version, then BCS TransactionData V1 of
# examples::allowlist::seal_approve(id = allowlist id || 8 bytes, &Allowlist) by the sender.
isv=$(curl -sf "$url" -H 'Content-Type: application/json' \
    -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sui_getObject\",\"params\":[\"$allowlist\",{\"showOwner\":true}]}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["data"]["owner"]["Shared"]["initial_shared_version"])')
body=$(python3 - "$examples" "$allowlist" "$isv" "$sender" <<'PY'
import base64, json, struct, sys
pkg, obj = (bytes.fromhex(a[2:].rjust(64, "0")) for a in sys.argv[1:3])
isv, sender = int(sys.argv[3]), bytes.fromhex(sys.argv[4][2:].rjust(64, "0"))
def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F; n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n: return bytes(out)
def s(b): return uleb(len(b)) + b
inner = obj + b"\x01" * 8
pure = s(inner)                                   # BCS vector<u8>
inputs = uleb(2) + b"\x00" + s(pure) + b"\x01\x01" + obj + struct.pack("<Q", isv) + b"\x00"
cmd = b"\x00" + pkg + s(b"allowlist") + s(b"seal_approve") + uleb(0) + uleb(2) \
    + b"\x01" + struct.pack("<H", 0) + b"\x01" + struct.pack("<H", 1)
tx = b"\x00" + b"\x00" + inputs + uleb(1) + cmd + sender \
    + uleb(0) + sender + struct.pack("<Q", 1000) + struct.pack("<Q", 500000000) + b"\x00"
print(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "sui_dryRunTransactionBlock",
                  "params": [base64.b64encode(tx).decode()]}, separators=(",", ":")))
PY
)
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
