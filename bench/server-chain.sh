#!/usr/bin/env bash
# Key server throughput by chain backend, in one run: one ledger served by `seal localnet serve`
# on loopback, and `seal server` (Open mode) on it with each chain in turn: gRPC-web
# (`http://…`), native gRPC (`http://…`, grpc_transport: native) and JSON-RPC
# (`jsonrpc+http://…`), plus the in-process ledger (`embedded:DIR`) as the anchor. Every
# fetch_key request (tle::seal_approve, 1 id, pre-signed by `seal-bench server-requests`) costs
# the key server two chain calls (the address-alias lookup and the policy dry run; the reference
# gas price and the certificate are cached). The backends take turns for --rounds rounds of
# --duration seconds each (wrk, --connections connections); the medians are reported with their
# ratios to JSON-RPC and to the embedded anchor, and the chain requests each server made by
# protocol (its /metrics: a gRPC run makes no JSON-RPC request).
#
#   bench/server-chain.sh [--build DIR] [--duration S] [--rounds N] [--connections C] [--json]
#                         [--quick]     (--quick: 1 s, 1 round: a smoke test, no figures)
#
# Needs wrk and curl. The key server and the local chain share the machine's cores.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${SEAL_BUILD_DIR:-$root/build}
duration=10 rounds=3 conns=32 json=0
while [[ $# -gt 0 ]]; do
    case "$1" in
    --build) build=$2; shift ;;
    --duration) duration=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    --connections) conns=$2; shift ;;
    --json) json=1 ;;
    --quick) duration=1 rounds=1 ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "server-chain: unknown option '$1'" >&2; exit 2 ;;
    esac
    shift
done
for v in "$duration" "$rounds" "$conns"; do
    [[ $v =~ ^[1-9][0-9]*$ ]] || { echo "server-chain: numbers must be positive integers" >&2; exit 2; }
done
seal=$build/seal
bench=$build/bench/seal-bench
[[ -x $seal && -x $bench ]] || { echo "server-chain: build first ($seal, $bench)" >&2; exit 2; }
for tool in wrk curl; do
    command -v $tool >/dev/null || { echo "server-chain: $tool is not installed" >&2; exit 2; }
done

T=$(mktemp -d "${TMPDIR:-/tmp}/seal-server-chain.XXXXXX")
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
    rm -rf "$T"
}
trap cleanup EXIT
log() { [[ $json == 1 ]] || echo "server-chain: $*" >&2; }

wait_ready() { # wait_ready OUT PID -> the URL of the "ready" line
    for _ in $(seq 1 100); do
        grep -q '^ready ' "$1" 2>/dev/null && break
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.1
    done
    sed -n 's/^ready //p' "$1"
}

"$seal" localnet init --data "$T/chain" >"$T/init.json"
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$T/init.json" "$1"; }
seal_pkg=$(field seal_package)
patterns=$(field patterns_package)
"$seal" localnet serve --data "$T/chain" --listen 127.0.0.1:0 >"$T/node.out" 2>/dev/null &
pids+=($!)
node=$(wait_ready "$T/node.out" "${pids[0]}") || { echo "server-chain: the local chain did not start" >&2; exit 1; }
"$seal" keygen --out "$T/ks.key" >/dev/null
chmod 600 "$T/ks.key"
n1=20000
[[ $duration == 1 ]] && n1=500
log "pre-signing $n1 requests"
"$bench" server-requests --count $n1 --ids 1 --package "$patterns" --out "$T/req1.txt"

backends=(grpc-web grpc-native jsonrpc embedded)
chain_of() {
    case $1 in
    grpc-web) echo "chain: $node" ;;
    grpc-native) printf 'chain: %s\ngrpc_transport: native\n' "$node" ;;
    jsonrpc) echo "chain: jsonrpc+$node" ;;
    embedded) echo "chain: embedded:$T/chain" ;;
    esac
}

# one key server per backend, all started up front (their chains idle between their turns)
declare -A url metrics
for b in "${backends[@]}"; do
    mport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    cat >"$T/$b.yaml" <<EOF
network: !Devnet
  seal_package: $seal_pkg
server_mode: !Open
  key_server_object_id: 0x000000000000000000000000000000000000000000000000000000000000abcd
$(chain_of "$b")
listen: 127.0.0.1:0
metrics_host_port: 127.0.0.1:$mport
threads: $(nproc)
max_in_flight: 4096
allowed_staleness: 1d
master_key_file: $T/ks.key
EOF
    "$seal" server --config "$T/$b.yaml" >"$T/$b.out" 2>"$T/$b.log" &
    pids+=($!)
    url[$b]=$(wait_ready "$T/$b.out" "${pids[-1]}") || { cat "$T/$b.log" >&2; exit 1; }
    metrics[$b]="http://127.0.0.1:$mport/metrics"
    code=$(head -1 "$T/req1.txt" | curl -s -o "$T/check.json" -w '%{http_code}' --max-time 10 \
        -H 'Content-Type: application/json' -H 'Client-Sdk-Type: typescript' \
        -H 'Client-Sdk-Version: 1.4.12' --data-binary @- "${url[$b]}/v1/fetch_key")
    if [[ $code != 200 ]] || ! grep -q decryption_keys "$T/check.json"; then
        echo "server-chain: $b: a request was refused ($code): $(head -c 300 "$T/check.json")" >&2
        exit 1
    fi
done

run_wrk() { # run_wrk URL SECONDS -> the WRK_JSON object
    wrk -t2 -c"$conns" -d"${2}s" --timeout 10s -s "$here/server-load.lua" "$1/v1/fetch_key" \
        -- "$T/req1.txt" | sed -n 's/^WRK_JSON //p'
}

for b in "${backends[@]}"; do
    log "$b: warm-up"
    run_wrk "${url[$b]}" 1 >/dev/null
done
: >"$T/runs.jsonl"
for r in $(seq 1 "$rounds"); do
    for b in "${backends[@]}"; do
        log "round $r: $b, ${duration}s at $conns connections"
        w=$(run_wrk "${url[$b]}" "$duration")
        echo "{\"backend\":\"$b\",\"wrk\":$w}" >>"$T/runs.jsonl"
        sleep 1 # the server drains what wrk left in flight
    done
done
for b in "${backends[@]}"; do
    curl -s --max-time 10 "${metrics[$b]}" | grep '^chain_requests_total' |
        sed "s/^/$b /" >>"$T/metrics.txt" || true
done

python3 - "$T/runs.jsonl" "$T/metrics.txt" "$json" "$conns" "$duration" "$rounds" "$(nproc)" <<'EOF'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
as_json, conns, duration, rounds, cores = (int(a) for a in sys.argv[3:8])
chain = {}
for line in open(sys.argv[2]):
    b, metric, value = line.split()
    proto = metric.split('"')[1]
    chain.setdefault(b, {})[proto] = int(value)
out = {"bench": "server-chain", "connections": conns, "duration_s": duration, "rounds": rounds,
       "cores": cores, "chain_calls_per_request": 2, "backends": {}}
for b in ["grpc-web", "grpc-native", "jsonrpc", "embedded"]:
    ws = [r["wrk"] for r in runs if r["backend"] == b]
    rps = [w["requests"] / (w["duration_us"] / 1e6) for w in ws]
    out["backends"][b] = {
        "requests_per_s": round(statistics.median(rps), 1),
        "p50_ms": round(statistics.median(w["p50_us"] for w in ws) / 1000, 2),
        "p99_ms": round(statistics.median(w["p99_us"] for w in ws) / 1000, 2),
        "non_2xx": sum(w["non2xx"] for w in ws),
        "socket_errors": sum(w["socket_errors"] for w in ws),
        "chain_requests": chain.get(b, {}),
    }
ref = out["backends"]["jsonrpc"]["requests_per_s"]
anchor = out["backends"]["embedded"]["requests_per_s"]
for b, v in out["backends"].items():
    v["ratio_to_jsonrpc"] = round(v["requests_per_s"] / ref, 3) if ref else None
    v["ratio_to_embedded"] = round(v["requests_per_s"] / anchor, 3) if anchor else None
bad = [b for b, v in out["backends"].items() if v["non_2xx"] or v["socket_errors"]]
grpc_used_jsonrpc = [b for b in ("grpc-web", "grpc-native")
                     if out["backends"][b]["chain_requests"].get("jsonrpc", 0) != 0]
print(json.dumps(out) if as_json else json.dumps(out, indent=2))
if bad or grpc_used_jsonrpc:
    print(f"server-chain: errors in {bad}, JSON-RPC used by {grpc_used_jsonrpc}", file=sys.stderr)
    sys.exit(1)
EOF
