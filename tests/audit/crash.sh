#!/usr/bin/env bash
# ctest audit_crash: a key server with its audit log is killed with SIGKILL in a loop while four
# client threads send it granted fetch_key requests and keep every receipt they receive. After
# each kill the server must start again (its integrity check passes) and continue the log; at
# the end every receipt any client received is proven included in the final signed head
# (seal audit prove), and the log checks out (seal audit verify).
# Usage: tests/audit/crash.sh PATH/TO/seal PATH/TO/seal-bench [ROUNDS]
set -euo pipefail
seal=$(realpath "${1:?usage: crash.sh SEAL SEAL_BENCH [ROUNDS]}")
bench=$(realpath "${2:?usage: crash.sh SEAL SEAL_BENCH [ROUNDS]}")
rounds=${3:-6}
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/seal-audit-crash.XXXXXX")
pid= poster=
cleanup() {
    touch "$T/stop"
    [[ -n $poster ]] && wait "$poster" 2>/dev/null
    [[ -n $pid ]] && kill -KILL "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
json() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$@"; }

"$seal" localnet init --data "$T/chain" >"$T/init.json"
"$seal" keygen --out "$T/ks.key" >/dev/null
"$seal" keygen --audit --out "$T/audit.key"
audit_pk=$(sed -n 's/^Audit public key: //p' "$T/audit.key")
cat >"$T/server.yaml" <<EOF
network: !Devnet
  seal_package: $(json "$T/init.json" seal_package)
server_mode: !Open
  key_server_object_id: 0x000000000000000000000000000000000000000000000000000000000000abcd
chain: embedded:$T/chain
listen: 127.0.0.1:0
metrics_host_port: ""
allowed_staleness: 1d
master_key_file: $T/ks.key
audit:
  database: $T/audit.db
  key_file: $T/audit.key
EOF
"$bench" server-requests --count 300 --ids 1 --package "$(json "$T/init.json" patterns_package)" \
    --out "$T/bodies.txt"

start() {
    rm -f "$T/server.out"
    "$seal" server --config "$T/server.yaml" >"$T/server.out" 2>"$T/server.err" &
    pid=$!
    for _ in $(seq 1 1000); do
        if grep -q '^ready ' "$T/server.out" 2>/dev/null; then
            url=$(sed -n 's/^ready //p' "$T/server.out")
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || fail "the server did not start after a kill: $(tail -c 400 "$T/server.err")"
        sleep 0.02
    done
    fail "no ready line"
}

for round in $(seq 1 "$rounds"); do
    start
    rm -f "$T/stop"
    python3 "$here/post.py" send --url "$url" --bodies "$T/bodies.txt" --from $((round * 1000)) \
        --until-stopped "$T/stop" --threads 4 --audit-public-key "$audit_pk" \
        --out "$T/receipts-$round.jsonl" 2>"$T/post-$round.err" &
    poster=$!
    # under load (the clients' first receipts are in), then killed mid-flight at a random moment
    for _ in $(seq 1 600); do
        [[ -s $T/receipts-$round.jsonl ]] && break
        kill -0 "$poster" 2>/dev/null || fail "the client stopped: $(cat "$T/post-$round.err")"
        sleep 0.1
    done
    [[ -s $T/receipts-$round.jsonl ]] || fail "no answer within 60 s"
    sleep "0.$((RANDOM % 10))"
    kill -KILL "$pid"
    wait "$pid" 2>/dev/null || true
    pid=
    touch "$T/stop"
    wait "$poster" || fail "the client failed: $(cat "$T/post-$round.err")"
    poster=
    echo "round $round: $(cat "$T/post-$round.err")"
done
start
python3 "$here/post.py" collect "$T"/receipts-*.jsonl --out "$T/receipts.json" 2>"$T/collect.err"
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["receipts"]))' "$T/receipts.json")
[[ $n -gt 0 ]] || fail "no receipt was received"
"$seal" audit prove --receipts "$T/receipts.json" --server "$url" >"$T/prove.out" 2>"$T/prove.err" ||
    fail "not every receipt is in the log: $(head -c 600 "$T/prove.err")"
[[ $(grep -c '"included":true' "$T/prove.out") == "$n" ]] || fail "prove: $(head -c 300 "$T/prove.out")"
size=$(curl -s "$url/v1/audit/head" | python3 -c 'import json,sys; print(json.load(sys.stdin)["tree_size"])')
kill -TERM "$pid"
wait "$pid" || fail "the server did not stop cleanly"
pid=
"$seal" audit verify --database "$T/audit.db" >/dev/null || fail "seal audit verify refused the log"
echo "ok: $rounds kills; all $n receipts clients received are in the log of $size records"
