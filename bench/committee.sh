#!/usr/bin/env bash
# A committee key server measured against independent ones, in one run on loopback: a local
# chain (`seal localnet serve`), a 2-of-3 committee made by a DKG, its three member servers and
# the aggregator, three independent key servers (Open mode), all with the same worker count.
#
# 1. End-to-end decryption of a 1 KiB object (bench/client-e2e.sh's measure: fresh = new session
#    key, new client, transaction built, keys fetched and verified, decrypted with the
#    consistency check; cached = keys from the client's cache), by the C client (seal-bench
#    client) and the official SDK (bench/client-e2e.mjs: SealClient with aggregatorUrl) on
#      independent  2-of-3 to the three independent servers
#      committee    1-of-1 to the committee (2 of its 3 members, through the aggregator)
#      mixed        2-of-2 to {the committee, one independent server}
# 2. Throughput under wrk (pre-signed fetch_key requests, 1 id, tle::seal_approve granted by the
#    policy; bench/server-load.lua): one independent key server alone, then the aggregator
#    (each request fans out to the 3 members, 2 answers verified and combined). Requests/s,
#    p50/p99, errors.
# Prints one JSON object (medians in ms, ratios committee/independent).
#
#   bench/committee.sh [--build DIR] [--iterations N] [--duration S] [--connections C]
#                      [--threads T] [--json] [--quick]
#   (--quick: 3 iterations and 1 s runs, a smoke test, no figures)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${SEAL_BUILD_DIR:-$root/build}
iterations=20
duration=10
conns=32
threads=$(nproc)
as_json=0
quick=0
while [[ $# -gt 0 ]]; do
    case "$1" in
    --build) build=$2; shift ;;
    --iterations) iterations=$2; shift ;;
    --duration) duration=$2; shift ;;
    --connections) conns=$2; shift ;;
    --threads) threads=$2; shift ;;
    --json) as_json=1 ;;
    --quick) quick=1; iterations=3; duration=1 ;;
    -h | --help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "committee bench: unknown option '$1'" >&2; exit 2 ;;
    esac
    shift
done
for v in "$iterations" "$duration" "$conns" "$threads"; do
    [[ $v =~ ^[1-9][0-9]*$ ]] || { echo "committee bench: numbers must be positive integers" >&2; exit 2; }
done
seal=$(realpath "$build/seal" 2>/dev/null)
bench=$(realpath "$build/bench/seal-bench" 2>/dev/null)
[[ -x $seal && -x $bench ]] || { echo "committee bench: build first ($build/seal, $bench)" >&2; exit 2; }
for tool in wrk curl node python3 setsid; do
    command -v "$tool" >/dev/null || { echo "committee bench: '$tool' is needed" >&2; exit 2; }
done
[[ -f $root/tests/interop/node_modules/@mysten/seal/package.json ]] ||
    (cd "$root/tests/interop" && npm ci --no-audit --no-fund --loglevel=error) >&2 || exit 2

cli_timeout=60
ready_timeout=30
keep=0
W=$(mktemp -d "${TMPDIR:-/tmp}/seal-committee-bench.XXXXXX")
chmod 700 "$W"
cd "$W" || exit 3
demo_name="committee bench"
demo_notes_fd=2
# shellcheck source=scripts/demo-lib.sh
source "$root/scripts/demo-lib.sh"
# shellcheck source=scripts/committee-lib.sh
source "$root/scripts/committee-lib.sh"
log() { echo "committee bench: $*" >&2; }
die() {
    echo "committee bench: $* ${REASON:-}" >&2
    exit 1
}

log "the stack: chain, DKG, 3 members, the aggregator, 3 independent servers ($threads workers each)"
export SERVER_THREADS=$threads
cm_chain_up || die "chain"
cm_accounts admin bob coord a b c operator || die "accounts"
cm_dkg coord 2 a b c || die "DKG"
for m in a b c; do cm_member "member-$m" "$m" Active "$W/shares-$m"; done
for m in a b c; do wait_ready "member-$m" || die "member $m"; done
cm_aggregator member-a member-b member-c || die "aggregator"
for i in 1 2 3; do cm_independent operator "ks$i" || die "independent server $i"; done
cm_allowlist admin bob || die "allowlist"
patterns=$(field patterns_package "$W/genesis.json")
need_id patterns_package "$patterns" || die "patterns package"

head -c 1024 /dev/urandom >"$W/msg"
id=${allowlist#0x}00010203
encrypt() { # encrypt OUT T KEY_SERVER...
    local out=$1 t=$2 args=()
    shift 2
    for k in "$@"; do args+=(--key-server "$k"); done
    cli encrypt --chain "$chain" "${args[@]}" --threshold "$t" --package "$examples" --id "$id" \
        --in "$W/msg" --out "$W/$out"
}
encrypt independent.seal 2 "${ks_ind[ks1]}" "${ks_ind[ks2]}" "${ks_ind[ks3]}" || die "encrypt"
encrypt committee.seal 1 "$ks_c" || die "encrypt"
encrypt mixed.seal 2 "$ks_c" "${ks_ind[ks1]}" || die "encrypt"
bob_key=$(cat "$W/bob.key")
approve=$examples::allowlist::seal_approve

declare -A c_json=() sdk_json=()
for obj in independent committee mixed; do
    log "end to end: $obj ($iterations iterations, C then SDK)"
    c_json[$obj]=$("$bench" client --chain "$chain" --key "$bob_key" --object "$W/$obj.seal" \
        --approve "$approve" --arg "object:$allowlist" --aggregator "$ks_c=$agg" \
        --iterations "$iterations" --json) || die "seal-bench client ($obj)"
    sdk_json[$obj]=$(SEAL_BENCH_PLAINTEXT=$W/msg SEAL_BENCH_AGGREGATORS="$ks_c=$agg" \
        node "$root/bench/client-e2e.mjs" "${chain#jsonrpc+}" "$W/$obj.seal" "$bob_key" "$approve" \
        "$allowlist" "$iterations" 2>"$W/sdk.err") || die "the SDK ($obj): $(tail -3 "$W/sdk.err")"
done

log "pre-signing fetch_key requests"
n_req=4000
[[ $quick == 1 ]] && n_req=200
"$bench" server-requests --count "$n_req" --ids 1 --package "$patterns" --out "$W/req1.txt" ||
    die "server-requests"
ks1_url=$(grep -o '^listen: .*' "$W/ks1.yaml" | sed 's/listen: /http:\/\//')
check_one() { # check_one URL: one request must succeed before measuring
    local code
    code=$(head -1 "$W/req1.txt" | curl -s -o "$W/check.json" -w '%{http_code}' --max-time 10 \
        -H 'Content-Type: application/json' -H 'Client-Sdk-Type: typescript' \
        -H 'Client-Sdk-Version: 1.4.12' --data-binary @- "$1/v1/fetch_key")
    [[ $code == 200 ]] && grep -q decryption_keys "$W/check.json" ||
        die "a request to $1 was refused ($code): $(head -c 300 "$W/check.json")"
}
run_wrk() { # run_wrk URL -> WRK_JSON
    wrk -t2 -c"$conns" -d"${duration}s" --timeout 10s -s "$root/bench/server-load.lua" \
        "$1/v1/fetch_key" -- "$W/req1.txt" | sed -n 's/^WRK_JSON //p'
}
warm=$([[ $quick == 1 ]] && echo 1 || echo 3)
check_one "$ks1_url"
check_one "$agg"
log "load: one independent key server, ${duration}s at $conns connections"
wrk -t2 -c"$conns" -d${warm}s -s "$root/bench/server-load.lua" "$ks1_url/v1/fetch_key" -- "$W/req1.txt" >/dev/null
sleep 1
w_ind=$(run_wrk "$ks1_url")
sleep 2
log "load: the aggregator over 3 members, ${duration}s at $conns connections"
wrk -t2 -c"$conns" -d${warm}s -s "$root/bench/server-load.lua" "$agg/v1/fetch_key" -- "$W/req1.txt" >/dev/null
sleep 1
w_agg=$(run_wrk "$agg")
sleep 2

python3 - "$as_json" "$conns" "$duration" "$threads" "$iterations" "$w_ind" "$w_agg" \
    "${c_json[independent]}" "${c_json[committee]}" "${c_json[mixed]}" \
    "${sdk_json[independent]}" "${sdk_json[committee]}" "${sdk_json[mixed]}" <<'EOF'
import json, os, sys
as_json, conns, duration, threads, iterations = (int(a) for a in sys.argv[1:6])
w_ind, w_agg = json.loads(sys.argv[6]), json.loads(sys.argv[7])
c = dict(zip(["independent", "committee", "mixed"], (json.loads(a) for a in sys.argv[8:11])))
s = dict(zip(["independent", "committee", "mixed"], (json.loads(a) for a in sys.argv[11:14])))
def load(w):
    secs = w["duration_us"] / 1e6
    return {"requests": w["requests"], "requests_per_s": round(w["requests"] / secs, 1),
            "p50_ms": round(w["p50_us"] / 1000, 2), "p99_ms": round(w["p99_us"] / 1000, 2),
            "non_2xx": w["non2xx"], "socket_errors": w["socket_errors"]}
e2e = {}
for k in c:
    e2e[k] = {"c_fresh_ms": c[k]["fresh_ms"], "c_cached_ms": c[k]["cached_ms"],
              "sdk_fresh_ms": s[k]["fresh_ms"], "sdk_cached_ms": s[k]["cached_ms"],
              "sdk_over_c_fresh": round(s[k]["fresh_ms"] / c[k]["fresh_ms"], 2)}
li, la = load(w_ind), load(w_agg)
out = {
    "bench": "committee",
    "cores": os.cpu_count(),
    "server_threads": threads,
    "iterations": iterations,
    "object_bytes": c["independent"]["object_bytes"],
    "e2e_ms": e2e,
    "committee_over_independent_fresh": {
        "c": round(c["committee"]["fresh_ms"] / c["independent"]["fresh_ms"], 2),
        "sdk": round(s["committee"]["fresh_ms"] / s["independent"]["fresh_ms"], 2)},
    "load_1_id": {"connections": conns, "duration_s": duration, "independent_server": li,
                  "aggregator_3_members": la,
                  "aggregator_over_independent_rps": round(la["requests_per_s"] / li["requests_per_s"], 2)},
}
print(json.dumps(out) if as_json else json.dumps(out, indent=2))
EOF
