#!/usr/bin/env bash
# ctest audit_server: a key server with its audit log on an embedded ledger, driven over HTTP
# with pre-signed requests (seal-bench server-requests; tle policy, granted):
#   receipts on granted answers, verified and proven included (seal audit verify-receipt,
#   prove); heads followed by seal audit monitor (consistency), anchored on chain (seal audit
#   create-log, anchor) and checked against the anchor; metrics; restart continues the log;
#   then every kind of tampering, each detected with a clear message:
#     at start by the server: a record edited, deleted, reordered, appended behind its back; a
#     database replaced by an older or empty one (the chain anchors a larger head);
#     by the monitor: a fork (another history with a head of the same size) and a rewrite (a
#     larger head that does not extend the last one seen, nor the anchored one).
# Usage: tests/audit/server_story.sh PATH/TO/seal PATH/TO/seal-bench
set -euo pipefail
seal=$(realpath "${1:?usage: server_story.sh SEAL SEAL_BENCH}")
bench=$(realpath "${2:?usage: server_story.sh SEAL SEAL_BENCH}")
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/seal-audit-story.XXXXXX")
pid=
cleanup() {
    if [[ -n $pid ]]; then kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; fi
    rm -rf "$T"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
ok() { echo "ok: $*"; }
json() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d[sys.argv[2]])' "$@"; }
jline() { python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())[sys.argv[2]])' "$@"; }

"$seal" localnet init --data "$T/chain" >"$T/init.json"
chain=embedded:$T/chain
"$seal" keygen --out "$T/ks.key" >/dev/null
"$seal" keygen --audit --out "$T/audit.key"
audit_pk=$(sed -n 's/^Audit public key: //p' "$T/audit.key")
"$seal" localnet account new >"$T/op.json"
(umask 077 && json "$T/op.json" private_key >"$T/op.key")
"$seal" audit create-log --chain "$chain" --key "@$T/op.key" --public-key "$audit_pk" >"$T/log.json"
object=$(jline "$T/log.json" audit_log)
ok "audit key and AuditLog object $object"

config() { # config DB [anchor]
    cat >"$T/server.yaml" <<EOF
network: !Devnet
  seal_package: $(json "$T/init.json" seal_package)
server_mode: !Open
  key_server_object_id: 0x000000000000000000000000000000000000000000000000000000000000abcd
chain: $chain
listen: 127.0.0.1:0
metrics_host_port: 127.0.0.1:0
allowed_staleness: 1d
master_key_file: $T/ks.key
audit:
  database: $1
  key_file: $T/audit.key
  head_interval: 200ms
EOF
    if [[ ${2:-} == anchor ]]; then
        printf '  anchor:\n    object: %s\n    key_file: %s\n    interval: 1h\n' "$object" "$T/op.key" >>"$T/server.yaml"
    fi
}
start() { # start: runs the server of server.yaml, sets url (fails the test if it does not start)
    "$seal" server --config "$T/server.yaml" >"$T/server.out" 2>"$T/server.err" &
    pid=$!
    for _ in $(seq 1 500); do
        if grep -q '^ready ' "$T/server.out"; then
            url=$(sed -n 's/^ready //p' "$T/server.out")
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || fail "the server did not start: $(tail -c 400 "$T/server.err")"
        sleep 0.02
    done
    fail "no ready line"
}
stop() {
    kill -TERM "$pid"
    wait "$pid" || fail "the server exited with $? on SIGTERM"
    pid=
}
refused() { # refused REASON: the server must refuse to start with REASON in its error
    local rc=0
    timeout -k 2 30 "$seal" server --config "$T/server.yaml" >"$T/server.out" 2>"$T/server.err" || rc=$?
    [[ $rc != 0 && $rc != 124 && $rc != 137 ]] || fail "the server started on a tampered log (exit $rc)"
    grep -q "$1" "$T/server.err" || fail "expected \"$1\", got: $(cat "$T/server.err")"
    ok "refused at start: $(grep -o "audit log.*" "$T/server.err" | head -n1 | head -c 160)"
}
post() { # post FROM COUNT OUT
    python3 "$here/post.py" send --url "$url" --bodies "$T/bodies.txt" --from "$1" --count "$2" \
        --out "$3" --threads 2
}
monitor() { "$seal" audit monitor --server "$url" --state "$T/state.json" "$@" >"$T/mon.out" 2>"$T/mon.err"; }

"$bench" server-requests --count 40 --ids 1 --package "$(json "$T/init.json" patterns_package)" \
    --out "$T/bodies.txt"

# ---- receipts, proofs, monitor, anchor --------------------------------------------------------
config "$T/audit.db"
start
post 0 5 "$T/r1.jsonl"
python3 "$here/post.py" collect "$T/r1.jsonl" --out "$T/r1.json"
"$seal" audit verify-receipt --receipts "$T/r1.json" >"$T/out"
[[ $(grep -c '"valid":true' "$T/out") == 5 ]] || fail "verify-receipt: $(cat "$T/out")"
"$seal" audit prove --receipts "$T/r1.json" >"$T/out"
[[ $(grep -c '"included":true' "$T/out") == 5 ]] || fail "prove: $(cat "$T/out")"
ok "5 receipts verified and proven included"
monitor || fail "monitor: $(cat "$T/mon.err")"
[[ $(jline "$T/mon.out" tree_size) == 5 ]] || fail "monitor: $(cat "$T/mon.out")"
"$seal" audit anchor --chain "$chain" --key "@$T/op.key" --object "$object" --server "$url" >"$T/out"
grep -q '"anchored":true' "$T/out" || fail "anchor: $(cat "$T/out")"
post 5 3 "$T/r2.jsonl"
monitor --chain "$chain" --anchor "$object" || fail "monitor: $(cat "$T/mon.err")"
[[ $(jline "$T/mon.out" tree_size) == 8 && $(jline "$T/mon.out" consistent_with) == 5 ]] ||
    fail "monitor: $(cat "$T/mon.out")"
ok "monitor: head 8 consistent with head 5 and with the anchored head"
mport=$(grep -o '"metrics_port":[0-9]*' "$T/server.err" | head -n1 | cut -d: -f2)
curl -s "http://127.0.0.1:$mport/metrics" >"$T/metrics"
grep -q '^audit_records 8$' "$T/metrics" || fail "metrics: $(grep audit_ "$T/metrics")"
grep -q '^audit_commit_duration_millis_count [1-9]' "$T/metrics" || fail "no commit metrics"
ok "metrics: audit_records 8"
# the idle server signs fresh heads (head_interval 200ms) of the same tree
t1=$(curl -s "$url/v1/audit/head" | python3 -c 'import json,sys; print(json.load(sys.stdin)["timestamp_ms"])')
sleep 0.5
t2=$(curl -s "$url/v1/audit/head" | python3 -c 'import json,sys; print(json.load(sys.stdin)["timestamp_ms"])')
[[ $t2 -gt $t1 ]] || fail "no fresh head while idle ($t1, $t2)"
"$seal" audit anchor --chain "$chain" --key "@$T/op.key" --object "$object" --server "$url" >/dev/null
stop
config "$T/audit.db" anchor
start
post 8 2 "$T/r3.jsonl"
monitor --chain "$chain" --anchor "$object" || fail "after a restart: $(cat "$T/mon.err")"
[[ $(jline "$T/mon.out" tree_size) == 10 ]] || fail "the log did not continue: $(cat "$T/mon.out")"
ok "restart with anchoring on: the log continues (10 records)"
stop
cp "$T/audit.db" "$T/good.db"
"$seal" audit verify --database "$T/good.db" >/dev/null || fail "verify of the good log"

# ---- tampering with the database, detected at start ------------------------------------------
tamper() { # tamper PYTHON: runs PYTHON with `db` an sqlite3 connection on a copy of the log
    cp "$T/good.db" "$T/t.db"
    python3 -c "import sqlite3; db = sqlite3.connect('$T/t.db'); $1; db.commit()"
    config "$T/t.db"
}
tamper "r = bytearray(db.execute('SELECT record FROM records WHERE seq = 3').fetchone()[0]); r[60] ^= 1; db.execute('UPDATE records SET record = ? WHERE seq = 3', (bytes(r),))"
refused "record 3 differs"
tamper "db.execute('DELETE FROM records WHERE seq = 4')"
refused "record 4 is missing"
tamper "r = dict(db.execute('SELECT seq, record FROM records WHERE seq IN (2, 6)').fetchall()); db.execute('UPDATE records SET record = ? WHERE seq = 2', (r[6],)); db.execute('UPDATE records SET record = ? WHERE seq = 6', (r[2],))"
refused "reordered"
tamper "r = db.execute('SELECT record FROM records WHERE seq = 9').fetchone()[0]; r = r[:1] + (10).to_bytes(8, 'little') + r[9:]; db.execute('INSERT INTO records VALUES (10, ?)', (r,)); import hashlib; db.execute('INSERT INTO nodes VALUES (0, 10, ?)', (hashlib.sha256(b'\\x00' + r).digest(),))"
refused "after the last signed head"
"$seal" audit verify --database "$T/t.db" >/dev/null 2>"$T/err" && fail "seal audit verify accepted the tampered log"
grep -q "after the last signed head" "$T/err" || fail "seal audit verify: $(cat "$T/err")"
# a database replaced by an empty one: the chain anchors a head of size 10
config "$T/empty.db" anchor
refused "rolled back or replaced"
ok "edit, delete, reorder, append, replacement: refused"

# ---- a fork and a rewrite, detected by the monitor -------------------------------------------
# another history under the same key: a fresh log, 10 other requests
config "$T/fork.db"
start
post 20 10 "$T/r4.jsonl"
monitor && fail "the monitor accepted a forked log"
grep -q FORK "$T/mon.err" || fail "expected a FORK, got: $(cat "$T/mon.err")"
ok "monitor: $(head -c 160 "$T/mon.err")"
post 30 2 "$T/r5.jsonl"
monitor && fail "the monitor accepted a rewritten log"
grep -q REWRITE "$T/mon.err" || fail "expected a REWRITE, got: $(cat "$T/mon.err")"
ok "monitor: $(head -c 160 "$T/mon.err")"
"$seal" audit monitor --server "$url" --chain "$chain" --anchor "$object" >"$T/mon.out" 2>"$T/mon.err" &&
    fail "the monitor accepted a log that does not extend the anchored head"
grep -q REWRITE "$T/mon.err" || fail "anchor check: $(cat "$T/mon.err")"
ok "monitor: the forked log does not extend the anchored head"
# receipts of the first history are not in the second
python3 "$here/post.py" collect "$T/r1.jsonl" --out "$T/r1.json"
"$seal" audit prove --receipts "$T/r1.json" --server "$url" >/dev/null 2>"$T/err" &&
    fail "receipts of another history were proven included"
ok "receipts of the first history are not included in the fork"
stop
config "$T/good.db" anchor
start
monitor --chain "$chain" --anchor "$object" || fail "the good log: $(cat "$T/mon.err")"
stop
ok "the good log serves again"
