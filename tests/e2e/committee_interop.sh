#!/usr/bin/env bash
# ctest interop_committee: a committee key server made by a real DKG on `seal localnet serve`,
# its three members (`seal server`, committee mode), this project's aggregator in front of them
# and an independent key server; the official SDK (tests/interop/committee_aggregator.mjs: SealClient with
# aggregatorUrl, SessionKey, SuiGrpcClient) and the C client (`seal encrypt/decrypt`) against
# the same processes. Everything reads the chain over gRPC (the SDK's gRPC-web, the C processes'
# http:// chain spec) but one check that the SDK's SuiJsonRpcClient reads the committee alike;
# the chain's request counters prove it at the end:
#   - the SDK reads the committee through the aggregator's URL (pk = the DKG's), refuses it
#     without aggregatorUrl; objects from each side decrypt on the other, alone (1-of-1 to the
#     committee) and mixed (2-of-2 with the independent server); NoAccess for Carol;
#   - n - t = 1 member down; a lying member (a key server with another key at its URL), a member
#     answering garbage, a member that hangs (the aggregator's member timeout, 1 s here, bounds
#     the request when the others do not suffice) are ignored while t others answer, and show in
#     the aggregator's metrics (upstream_key_server_errors);
#   - a member down while the aggregator refreshes the committee counts again once it is back;
#   - a rotation to a new committee (one member leaves, one joins): both clients decrypt the old
#     objects through the new members.
# Usage: tests/e2e/committee_interop.sh PATH/TO/seal [--keep]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
interop=$root/tests/interop
seal=$(realpath "${1:?usage: tests/e2e/committee_interop.sh PATH/TO/seal [--keep]}")
keep=0
[[ ${2:-} == --keep ]] && keep=1
cli_timeout=${SEAL_DEMO_TIMEOUT:-30}
ready_timeout=${SEAL_DEMO_READY_TIMEOUT:-15}

stamp=$interop/node_modules/.package-lock.json
if [[ ! -f $interop/node_modules/@mysten/seal/package.json || ! -f $stamp || $interop/package-lock.json -nt $stamp ]]; then
    echo "# npm ci (installing the pinned @mysten/seal)"
    (cd "$interop" && npm ci --no-audit --no-fund --loglevel=error) || exit 3
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/seal-committee-interop.XXXXXX")
chmod 700 "$W"
cd "$W" || exit 3
demo_name="committee interop"
# shellcheck source=scripts/demo-lib.sh
source "$root/scripts/demo-lib.sh"
# shellcheck source=scripts/committee-lib.sh
source "$root/scripts/committee-lib.sh"

# sdk ACTION ARGS...: tests/interop/committee_aggregator.mjs; its line in $W/sdk.out
sdk() {
    SUI_CLIENT=${SUI_CLIENT:-grpc} CHAIN=$chain KS_C=$ks_c KS_I=$ks_i AGG=$agg PK_C=$pk PKG=$examples ALLOWLIST=$allowlist ID=$id \
        PLAIN=$W/plain.txt KEYS=$W timeout -k 2 60 node "$interop/committee_aggregator.mjs" "$@" >"$W/sdk.out" 2>&1
    local rc=$?
    REASON=$(tail -n 3 "$W/sdk.out" | tr '\n' ' ')
    return $rc
}
# c_decrypt WHO FILE: the C client through the aggregator
c_decrypt() {
    rm -f "$W/c.txt"
    cli decrypt --session "$W/$1.session" --chain "$chain" --approve "$examples::allowlist::seal_approve" \
        --arg "object:$allowlist" --key-server "$ks_c@$agg" --in "$2" --out "$W/c.txt" || return 1
    cmp -s "$W/plain.txt" "$W/c.txt" || {
        REASON="the C client's plaintext of $2 differs"
        return 1
    }
}
# both_decrypt DESC: Bob decrypts every object with both clients
both_decrypt() {
    local f
    for f in c-mixed.seal sdk-mixed.seal sdk-alone.seal; do
        sdk decrypt bob "$W/$f" ok || return 1
        c_decrypt bob "$W/$f" || return 1
    done
}
# pair_decrypt: Bob decrypts the SDK's mixed object with the SDK and the CLI's with the C client
pair_decrypt() {
    sdk decrypt bob "$W/sdk-mixed.seal" ok || return 1
    c_decrypt bob "$W/c-mixed.seal"
}
# metric PATTERN: the aggregator's /metrics has a line matching PATTERN (grep -E)
metric() {
    curl -sS --max-time 5 "$agg_metrics" >"$W/metrics.txt" 2>/dev/null || {
        REASON="no metrics from $agg_metrics"
        return 1
    }
    grep -qE "$1" "$W/metrics.txt" || {
        REASON="no /$1/ in the aggregator's metrics"
        return 1
    }
}
# chain_requests PROTOCOL: prints the local chain's count of PROTOCOL requests (jsonrpc,
# grpc_web, grpc)
chain_requests() {
    curl -sS --max-time 5 "$chain/metrics" 2>/dev/null |
        sed -n "s/^seal_localnet_requests_total{protocol=\"$1\"} \([0-9]*\)$/\1/p"
}
# only_a_and_c KIND: with B stopped only A and C's stand-in are asked: the C client must fail
# (C's answer never counts) and the aggregator's metrics show C's failure KIND; B restarts after
# (with A and B up the stand-in's request may be cancelled before it answers)
only_a_and_c() {
    stop member-b || return 1
    if c_decrypt bob "$W/c-mixed.seal"; then
        REASON="decrypted with A and C's stand-in only"
        return 1
    fi
    grep -q Failure "$W/err" || {
        REASON="the error does not name Failure: $(head -c 300 "$W/err")"
        return 1
    }
    metric "upstream_key_server_errors\\{key_server_name=\"member-c\",error_type=\"$1\"\\} [1-9]" || return 1
    cm_member member-b b Active "$W/shares-b"
    wait_ready member-b
}
# replace_c MODE: member C's URL served by MODE: member (the real one), liar (a key server with
# another key), hang or garbage (tests/interop/lib/member-mock.mjs)
replace_c() {
    local name
    for name in member-c liar mock; do
        [[ -n ${bg_pid[$name]:-} ]] && { stop "$name" || return 1; }
    done
    case $1 in
    member)
        cm_member member-c c Active "$W/shares-c"
        wait_ready member-c
        ;;
    liar)
        cli keygen || return 1
        sed -n 's/^Master key: //p' "$W/out" | (umask 077 && cat >"$W/liar.key")
        cat >"$W/liar.yaml" <<EOF
network: !Devnet
  seal_package: $seal_pkg
server_mode: !Open
  key_server_object_id: $ks_c
chain: $chain
listen: 127.0.0.1:${port[member-c]}
metrics_host_port: ""
master_key_file: $W/liar.key
allowed_staleness: 1h
threads: 2
EOF
        start liar "$seal" server --config "$W/liar.yaml"
        wait_ready liar
        ;;
    *)
        start mock node "$interop/lib/member-mock.mjs" "$1" "${port[member-c]}"
        wait_ready mock
        ;;
    esac
}

echo "== the official SDK and the C client with a committee behind this project's aggregator ($(timeout 10 "$seal" --version 2>/dev/null))"

begin "the stack: localnet, a 2-of-3 DKG, three members, the aggregator (member timeout 1 s), an independent server, Alice's allowlist with Bob"
cm_chain_up || fail
cm_accounts alice bob carol coord a b c d operator || fail
cm_dkg coord 2 a b c || fail
for m in a b c; do cm_member "member-$m" "$m" Active "$W/shares-$m"; done
for m in a b c; do wait_ready "member-$m" || fail; done
AGG_TIMEOUT=1s AGG_METRICS=1 cm_aggregator member-a member-b member-c member-b2 member-a2 member-d || fail
cm_independent operator || fail
cm_allowlist alice bob || fail
for who in bob carol; do
    cli session create --key "@$W/$who.key" --package "$examples" --ttl-min 10 --chain "$chain" \
        --out "$W/$who.session" || fail
done
id=${allowlist#0x}$(rand_hex 8)
printf 'For the board only, %s: %s\n' "$(date -u +%FT%TZ)" "$(rand_hex 32)" >"$W/plain.txt"
pass "KeyServer $(short "$ks_c") behind $agg"

begin "SDK: SealClient.getKeyServers with aggregatorUrl (url, pk; no aggregatorUrl refused), over SuiGrpcClient and SuiJsonRpcClient"
sdk keyservers || fail
jsonrpc_before=$(chain_requests jsonrpc)
[[ $jsonrpc_before == 0 ]] || fail "JSON-RPC requests before the SuiJsonRpcClient check: '$jsonrpc_before'"
SUI_CLIENT=jsonrpc sdk keyservers || fail
jsonrpc_seen=$(chain_requests jsonrpc)
[[ -n $jsonrpc_seen && $jsonrpc_seen -gt 0 ]] || fail "the chain counted no JSON-RPC request ('$jsonrpc_seen')"
pass "$(cut -c 20- "$W/sdk.out" | head -c 120)"

begin "objects: seal encrypt 2-of-2 {committee, independent}; SealClient.encrypt 2-of-2 and 1-of-1 (committee alone)"
cli encrypt --chain "$chain" --key-server "$ks_c" --key-server "$ks_i" --threshold 2 \
    --package "$examples" --id "$id" --in "$W/plain.txt" --out "$W/c-mixed.seal" || fail
sdk encrypt "$W/sdk-mixed.seal" || fail
sdk encrypt "$W/sdk-alone.seal" alone || fail
pass "3 objects"

begin "Bob decrypts all three with the SDK and with the C client"
both_decrypt || fail
pass "6 decryptions"

begin "Carol (not on the allowlist): NoAccessError in the SDK, NoAccess in the C client"
sdk decrypt carol "$W/sdk-mixed.seal" NoAccessError || fail
c_decrypt carol "$W/c-mixed.seal" && fail "Carol decrypted with the C client"
grep -q NoAccess "$W/err" || fail "the C client's error does not name NoAccess: $(head -c 300 "$W/err")"
pass "both refused"

begin "n - t = 1 member down (C): both clients decrypt"
stop member-c || fail
pair_decrypt || fail
pass

begin "a lying member (a key server with another key at C's URL): ignored, both clients decrypt; with B stopped, A and the liar do not decrypt"
replace_c liar || fail
pair_decrypt || fail
only_a_and_c InvalidKey || fail
pass "Failure, upstream_key_server_errors{member-c, InvalidKey}"

begin "a member answering garbage at C's URL: ignored, both clients decrypt; with B stopped, no decryption"
replace_c garbage || fail
pair_decrypt || fail
only_a_and_c InvalidResponse || fail
pass "Failure, upstream_key_server_errors{member-c, InvalidResponse}"

begin "a member that hangs at C's URL: A and B answer first, both clients decrypt"
replace_c hang || fail
t0=$(now_ms)
sdk decrypt bob "$W/sdk-mixed.seal" ok || fail
c_decrypt bob "$W/c-mixed.seal" || fail
pass "$(secs $(($(now_ms) - t0))) for both"

begin "the same with B stopped: t cannot be met, the aggregator answers Failure after its 1 s member timeout"
stop member-b || fail
seen=$(grep -c '"route":"/v1/fetch_key"' "$W/aggregator.err")
c_decrypt bob "$W/c-mixed.seal" && fail "decrypted with one member answering"
grep -q 'Failure' "$W/err" || fail "the error does not name Failure: $(head -c 300 "$W/err")"
# Each of the client's attempts (it retries a 503) is bounded by the member timeout: the
# aggregator's request lines of this decryption are all 503 after 1 s to 5 s (the aggregator's
# own time, not the client's, which a loaded machine stretches).
durations=
while IFS= read -r line; do
    [[ $line == *'"status":503'* ]] || fail "not a 503: $line"
    d=$(sed -n 's/.*"duration_ms":\([0-9]*\).*/\1/p' <<<"$line")
    [[ -n $d ]] && ((d >= 950 && d < 5000)) || fail "a request took ${d:-?} ms: the 1 s member timeout should bound it"
    durations+="${durations:+, }$d ms"
done < <(grep '"route":"/v1/fetch_key"' "$W/aggregator.err" | tail -n +$((seen + 1)))
[[ -n $durations ]] || fail "no fetch_key request in the aggregator's log"
metric 'upstream_key_server_errors\{key_server_name="member-c",error_type="Timeout"\} [1-9]' || fail
pass "Failure after $durations (C timed out)"

begin "members B and C back; A down while the aggregator refreshes twice, then back: A counts again"
cm_member member-b b Active "$W/shares-b"
wait_ready member-b || fail
replace_c member || fail
metric 'committee_refreshes\{outcome="ok"\} [0-9]+' || fail
before=$(sed -n 's/^committee_refreshes{outcome="ok"} //p' "$W/metrics.txt")
stop member-a || fail
deadline=$(($(now_ms) + 30000))
until metric 'committee_refreshes\{outcome="ok"\} [0-9]+' &&
    (($(sed -n 's/^committee_refreshes{outcome="ok"} //p' "$W/metrics.txt") >= before + 2)); do
    (($(now_ms) < deadline)) || fail "the aggregator did not refresh twice within 30 s (every 1 s)"
    sleep 0.2
done
cm_member member-a a Active "$W/shares-a"
wait_ready member-a || fail
stop member-c || fail
pair_decrypt || fail
pass "A and B answered (C stopped)"

begin "a rotation to {B, A, D} (C leaves, D joins): init-rotation, register, deal, process, propose-rotation"
cm_rotate a 2 b a -- d || fail
for m in b a d; do cm_member "${rot_name[$m]}" "$m" Active "$W/shares-$m"; done
for m in b a d; do wait_ready "${rot_name[$m]}" || fail; done
for m in a b; do stop "member-$m" || fail; done
cm_wait_log aggregator '"event":"committee".*"version":1' 30 || fail
pass "version 1, same public key, the aggregator refreshed"

begin "after the rotation: Bob decrypts the old objects with both clients (new members only)"
both_decrypt || fail
sdk keyservers || fail
pass "6 decryptions; the SDK still reads the committee with the same pk"

begin "the local chain answered gRPC only after the SuiJsonRpcClient check (SDK: gRPC-web; C processes: gRPC)"
jsonrpc_end=$(chain_requests jsonrpc)
grpc_web=$(chain_requests grpc_web)
grpc_native=$(chain_requests grpc)
[[ $jsonrpc_end == "$jsonrpc_seen" ]] || fail "JSON-RPC requests went from $jsonrpc_seen to '$jsonrpc_end'"
((grpc_web + grpc_native > 0)) || fail "no gRPC request counted"
pass "gRPC-web $grpc_web, native gRPC $grpc_native, JSON-RPC $jsonrpc_end (all from the SuiJsonRpcClient check)"

echo "== committee interop: all $step_no steps passed in $(secs $(($(now_ms) - demo_t0)))"
