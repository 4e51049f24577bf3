#!/usr/bin/env bash
# Dry runs of an allowlist seal_approve through `seal localnet serve` on loopback, in one run
# over the three protocols it serves on its one port: Sui JSON-RPC (sui_dryRunTransactionBlock,
# wrk), gRPC-web (SimulateTransaction, binary, HTTP/1.1, wrk) and native gRPC
# (SimulateTransaction over HTTP/2 cleartext, h2load from Debian's nghttp2-client).
#
#   bench/ledger-grpc.sh [--seal PATH] [--duration S] [--connections N] [--streams N]
#                        [--server-threads N] [--deny] [--json]
#
# Same ledger, transaction and server for the three (bench/ledger-setup.sh); each gets a 2 s
# warm-up, then --duration seconds (default 10) with --connections (default 64) connections
# (h2load: --streams concurrent streams per connection, default 1, so the same number of
# requests is in flight). Prints one JSON object: per protocol dry_run_per_s, p50_ms, p99_ms,
# and the ratios to JSON-RPC. wrk checks every answer (HTTP 200, the verdict; gRPC-web also
# grpc-status 0); h2load checks HTTP 200 only, and one native answer is checked with curl
# before and after the run (grpc-status 0 and the verdict).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seal=${SEAL_BIN:-$here/../build/seal}
duration=10 threads=2 connections=64 streams=1 server_threads=4 deny=0
while (($#)); do
    case $1 in
    --seal) seal=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --streams) streams=$2; shift 2 ;;
    --server-threads) server_threads=$2; shift 2 ;;
    --deny) deny=1; shift ;;
    --json) shift ;; # the only output format
    -h | --help) sed -n 2,17p "$0"; exit 0 ;;
    *) echo "ledger-grpc.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
for tool in wrk h2load curl; do
    command -v $tool >/dev/null ||
        { echo "ledger-grpc.sh: $tool is not installed (scripts/install-deps.sh)" >&2; exit 3; }
done
[[ -x $seal ]] || { echo "ledger-grpc.sh: no seal binary at $seal (build first or --seal PATH)" >&2; exit 3; }

source "$here/ledger-setup.sh"
ledger_setup "ledger-grpc.sh"
verdict=allow
((deny)) && verdict=deny

# SimulateTransactionRequest { transaction { bcs { value = tx } }, read_mask
# { "transaction.effects.status" } } in one gRPC frame
python3 - "$tx_b64" "$dir/grpc.bin" <<'PY'
import base64, struct, sys
tx = base64.b64decode(sys.argv[1])
def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F; n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n: return bytes(out)
def field(num, payload): return uleb(num << 3 | 2) + uleb(len(payload)) + payload
msg = field(1, field(1, field(2, tx))) + field(2, field(1, b"transaction.effects.status"))
open(sys.argv[2], "wb").write(b"\x00" + struct.pack(">I", len(msg)) + msg)
PY
rpc_body="{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sui_dryRunTransactionBlock\",\"params\":[\"$tx_b64\"]}"
rpc_expect='"status":"success"'
((deny)) && rpc_expect='"status":"failure"'
path=/sui.rpc.v2.TransactionExecutionService/SimulateTransaction

native_check() {
    local out
    out=$(curl -s --http2-prior-knowledge -D - -o "$dir/native.out" -X POST \
        -H 'content-type: application/grpc' -H 'te: trailers' --data-binary @"$dir/grpc.bin" \
        "$url$path")
    grep -q 'grpc-status: 0' <<<"$out" || { echo "ledger-grpc.sh: native answer: $out" >&2; exit 1; }
    python3 - "$dir/native.out" "$verdict" <<'PY' || { echo "ledger-grpc.sh: unexpected native verdict" >&2; exit 1; }
import sys
b = open(sys.argv[1], "rb").read()
sys.exit(0 if (b"\x22\x02\x08\x01" in b) == (sys.argv[2] == "allow") else 1)
PY
}
native_check

run_wrk() { # lua env... ; prints wrk's JSON line
    local lua=$1
    wrk -t"$threads" -c"$connections" -d2s -s "$here/$lua" "$url$2" >/dev/null
    wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$here/$lua" "$url$2" | tail -n 1
}
jsonrpc=$(SEAL_RPC_BODY=$rpc_body SEAL_RPC_EXPECT=$rpc_expect run_wrk ledger-rpc.lua /)
web=$(SEAL_GRPC_BODY_FILE=$dir/grpc.bin SEAL_GRPC_EXPECT=$verdict run_wrk ledger-rpc.lua "$path")

h2c=$((connections / streams))
((h2c >= 1)) || h2c=1
h2load_run() { # seconds log
    h2load -t"$threads" -c"$h2c" -m"$streams" -D "$1" -d "$dir/grpc.bin" \
        -H 'content-type: application/grpc' -H 'te: trailers' --log-file="$2" \
        "$url$path" 2>&1
}
h2load_run 2 "$dir/warm.log" >/dev/null
native_out=$(h2load_run "$duration" "$dir/h2load.log")
native_check
native=$(python3 - "$dir/h2load.log" "$duration" "$native_out" <<'PY'
import json, re, sys
lat = sorted(int(l.split("\t")[2]) for l in open(sys.argv[1]) if l.strip())
codes = [int(l.split("\t")[1]) for l in open(sys.argv[1]) if l.strip()]
pct = lambda p: lat[min(len(lat) - 1, int(len(lat) * p / 100))] / 1000 if lat else 0
m = re.search(r"finished in ([\d.]+)(m?s)", sys.argv[3])
secs = float(m.group(1)) / (1000 if m and m.group(2) == "ms" else 1) if m else float(sys.argv[2])
print(json.dumps({"requests": len(lat), "seconds": secs, "per_s": round(len(lat) / secs, 1),
                  "p50_ms": pct(50), "p99_ms": pct(99), "max_ms": lat[-1] / 1000 if lat else 0,
                  "bad_answers": sum(1 for c in codes if c != 200), "socket_errors": 0}))
PY
)
python3 - "$jsonrpc" "$web" "$native" "$connections" "$streams" "$duration" "$server_threads" \
    "$verdict" "$(nproc)" <<'PY'
import json, sys
r = {k: json.loads(v) for k, v in zip(("jsonrpc", "grpc_web", "grpc_native"), sys.argv[1:4])}
out = {}
for k, v in r.items():
    out[k] = {"dry_run_per_s": round(v["per_s"], 1), "p50_ms": v["p50_ms"], "p99_ms": v["p99_ms"],
              "max_ms": v["max_ms"], "requests": v["requests"], "bad_answers": v["bad_answers"],
              "socket_errors": v["socket_errors"]}
base = out["jsonrpc"]["dry_run_per_s"]
out["grpc_web_vs_jsonrpc"] = round(out["grpc_web"]["dry_run_per_s"] / base, 3) if base else None
out["grpc_native_vs_jsonrpc"] = round(out["grpc_native"]["dry_run_per_s"] / base, 3) if base else None
out.update({"connections": int(sys.argv[4]), "h2_streams_per_connection": int(sys.argv[5]),
            "duration_s": int(sys.argv[6]), "server_threads": int(sys.argv[7]),
            "verdict": sys.argv[8], "cpus": int(sys.argv[9])})
print(json.dumps(out, indent=2))
bad = sum(v["bad_answers"] + v["socket_errors"] for v in r.values())
sys.exit(0 if bad == 0 else 1)
PY
