#!/usr/bin/env bash
# End-to-end decryption latency of a 1 KiB object, 2-of-3, over loopback: three `seal server`
# processes on one local chain served by `seal localnet serve`, an allowlist with Bob on it.
# The C client (seal-bench client: libseal, chain lookups over the local chain's gRPC) and the
# official SDK (SealClient + SessionKey + SuiGrpcClient, bench/client-e2e.mjs) decrypt the
# same object from the same servers in the same run, each with a fresh session (new session
# key, new client, transaction built, keys fetched and verified, decrypt with the consistency
# check) and with cached keys. Prints one JSON object: medians (ms) and the SDK/C ratios.
#
#   bench/client-e2e.sh [BUILD_DIR] [ITERATIONS]      (default build, 20)
#   SEAL_BENCH_CHAIN=jsonrpc: everything (servers, C client, SDK) reads the chain over JSON-RPC.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
N=${2:-20}
SEAL=$BUILD/seal
BENCH=$BUILD/bench/seal-bench
T=$(mktemp -d "${TMPDIR:-/tmp}/seal-client-e2e.XXXXXX")
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
    rm -rf "$T"
}
trap cleanup EXIT
jget() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() { # FILE -> prints the URL of the "ready URL" line
    for _ in $(seq 1 200); do
        if grep -q '^ready' "$1" 2>/dev/null; then sed -n 's/^ready //p' "$1" | head -1; return 0; fi
        sleep 0.05
    done
    echo "not ready: $1" >&2
    return 1
}

init=$("$SEAL" localnet init --data "$T/chain")
EXAMPLES=$(jget examples_package <<<"$init")
SEALPKG=$(jget seal_package <<<"$init")
"$SEAL" localnet serve --data "$T/chain" --listen 127.0.0.1:0 >"$T/rpc.out" 2>"$T/rpc.err" &
PIDS+=($!)
RPC=$(wait_ready "$T/rpc.out")
case ${SEAL_BENCH_CHAIN:-grpc} in
grpc) CHAIN=$RPC SUI=grpc ;;
jsonrpc) CHAIN=jsonrpc+$RPC SUI=jsonrpc ;;
*) echo "bench/client-e2e.sh: SEAL_BENCH_CHAIN is grpc or jsonrpc" >&2; exit 2 ;;
esac

acct() { "$SEAL" localnet account new; }
ADMIN=$(acct)
BOB=$(acct)
ADMIN_KEY=$(jget private_key <<<"$ADMIN")
BOB_KEY=$(jget private_key <<<"$BOB")
BOB_ADDR=$(jget address <<<"$BOB")

KS=()
for i in 1 2 3; do
    k=$("$SEAL" keygen --json)
    (umask 077 && jget master_key <<<"$k" >"$T/ks$i.msk")
    port=$(free_port)
    reg=$("$SEAL" localnet keyserver register --chain "$CHAIN" --key "$ADMIN_KEY" --name "ks$i" \
        --url "http://127.0.0.1:$port" --public-key "$(jget public_key <<<"$k")")
    id=$(jget key_server <<<"$reg")
    KS+=("$id")
    cat >"$T/ks$i.yaml" <<EOF
network: !Devnet
  seal_package: $SEALPKG
server_mode: !Open
  key_server_object_id: $id
chain: $CHAIN
listen: 127.0.0.1:$port
metrics_host_port: ""
master_key_file: $T/ks$i.msk
EOF
    "$SEAL" server --config "$T/ks$i.yaml" >"$T/ks$i.out" 2>"$T/ks$i.err" &
    PIDS+=($!)
    wait_ready "$T/ks$i.out" >/dev/null
done

al=$("$SEAL" localnet allowlist create --chain "$CHAIN" --key "$ADMIN_KEY" --name bench)
AL=$(jget allowlist <<<"$al")
CAP=$(jget cap <<<"$al")
"$SEAL" localnet allowlist add --chain "$CHAIN" --key "$ADMIN_KEY" --allowlist "$AL" --cap "$CAP" \
    --member "$BOB_ADDR" >/dev/null
head -c 1024 /dev/urandom >"$T/msg"
"$SEAL" encrypt --chain "$CHAIN" --key-server "${KS[0]}" --key-server "${KS[1]}" \
    --key-server "${KS[2]}" --threshold 2 --package "$EXAMPLES" --id "${AL#0x}00010203" \
    --in "$T/msg" --out "$T/obj"
APPROVE=$EXAMPLES::allowlist::seal_approve

C_JSON=$("$BENCH" client --chain "$CHAIN" --key "$BOB_KEY" --object "$T/obj" --approve "$APPROVE" \
    --arg "object:$AL" --iterations "$N" --json)
SDK_JSON=$(SEAL_BENCH_SUI=$SUI SEAL_BENCH_PLAINTEXT=$T/msg node "$ROOT/bench/client-e2e.mjs" "$RPC" "$T/obj" \
    "$BOB_KEY" "$APPROVE" "$AL" "$N" 2>"$T/sdk.err") || {
    echo "the SDK side failed: $(tail -5 "$T/sdk.err")" >&2
    SDK_JSON=null
}
python3 - "$C_JSON" "$SDK_JSON" "$SUI" <<'EOF'
import json, sys
c = json.loads(sys.argv[1]); s = json.loads(sys.argv[2])
out = {"bench": "client-e2e", "object_bytes": c["object_bytes"], "threshold": "2-of-3",
       "iterations": c["iterations"], "transport": "loopback HTTP, chain over " + sys.argv[3],
       "c_fresh_ms": c["fresh_ms"], "c_cached_ms": c["cached_ms"]}
if s:
    out.update({"sdk_fresh_ms": s["fresh_ms"], "sdk_cached_ms": s["cached_ms"],
                "ratio_fresh": round(s["fresh_ms"] / c["fresh_ms"], 1),
                "ratio_cached": round(s["cached_ms"] / c["cached_ms"], 1)})
print(json.dumps(out))
EOF
