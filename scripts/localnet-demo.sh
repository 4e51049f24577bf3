#!/usr/bin/env bash
# The networked Seal story on one machine, on loopback only, in a temporary folder:
#
#   a local chain (`seal localnet`) served as a Sui full node over gRPC (sui.rpc.v2, as Sui's
#   networks serve it today), three key servers registered on it and running (`seal server`,
#   Open mode, each with its audit log of key deliveries anchored on chain), Alice's allowlist
#   with Bob on it, a file encrypted so that any 2 of the 3 servers can release it, Bob
#   decrypting it and checking the servers' receipts and their inclusion proofs, Carol refused,
#   the logs exported and anchored, and Bob decrypting again with one server stopped.
#
# Every step prints one numbered line with ✓ or ✗ and its duration. The script stops at the
# first step that does not behave as described and exits 1; every process it started is
# stopped on exit (checked at the end).
#
# Usage: scripts/localnet-demo.sh [--extended] [--keep] PATH/TO/seal
#   --extended  also (tests/e2e/story.sh): the ledger file, gRPC and the legacy JSON-RPC agree, 8 parallel
#               decryptions, weighted key servers, a stopped server restarted, the examples
#               subscription policy before and after the Clock passes its end, Bob refused after
#               `allowlist remove`, a cap used by someone who does not own it
#   --keep      keep the temporary folder (its path is printed)
# Environment: SEAL_DEMO_TIMEOUT (seconds for one CLI call, default 30),
#              SEAL_DEMO_READY_TIMEOUT (seconds to wait for a `ready` line, default 15).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)

extended=0
keep=0
seal=
while [[ $# -gt 0 ]]; do
    case $1 in
    --extended) extended=1 ;;
    --keep) keep=1 ;;
    -h | --help)
        sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    -*)
        echo "localnet-demo: unknown option $1" >&2
        exit 2
        ;;
    *) seal=$1 ;;
    esac
    shift
done
[[ -n $seal ]] || {
    echo "usage: scripts/localnet-demo.sh [--extended] [--keep] PATH/TO/seal" >&2
    exit 2
}
[[ -x $seal ]] || {
    echo "localnet-demo: $seal is not an executable" >&2
    exit 2
}
seal=$(realpath "$seal")
for tool in curl node timeout setsid base64 od; do
    command -v "$tool" >/dev/null || {
        echo "localnet-demo: '$tool' is needed (scripts/install-deps.sh installs it)" >&2
        exit 3
    }
done
cli_timeout=${SEAL_DEMO_TIMEOUT:-30}
ready_timeout=${SEAL_DEMO_READY_TIMEOUT:-15}

W=$(mktemp -d "${TMPDIR:-/tmp}/seal-localnet-demo.XXXXXX")
chmod 700 "$W"
cd "$W" || exit 3

demo_name="localnet demo"
# shellcheck source=scripts/demo-lib.sh
source "$here/demo-lib.sh"
echo "== Seal on a local chain: three key servers, an allowlist, 2-of-3 ($(timeout 10 "$seal" --version 2>/dev/null))"

# 1. the chain ------------------------------------------------------------------------------
begin "seal localnet init: a new ledger with the Seal, patterns and examples packages"
cli localnet init --data "$W/chain" || fail
cp "$W/out" "$W/genesis.json"
seal_pkg=$(field seal_package)
examples=$(field examples_package)
need_id seal_package "$seal_pkg" && need_id examples_package "$examples" || fail
[[ -f $W/chain/ledger.db ]] || fail "no ledger.db in $W/chain"
pass "examples package $(short "$examples")"

begin "seal localnet serve: the ledger as a Sui full node (gRPC) on 127.0.0.1"
start localnet "$seal" localnet serve --data "$W/chain" --listen 127.0.0.1:0
wait_ready localnet || fail
rpc=$READY_URL
[[ $rpc =~ ^http://127\.0\.0\.1:[0-9]+$ ]] || fail "unexpected ready line: ready $rpc"
# a real gRPC answer, not just an open port: LedgerService/GetEpoch over gRPC-web text
# (reference_gas_price 1000 = 0x40 e8 07, then the grpc-status:0 trailer frame)
curl -sS --max-time 5 -H 'Content-Type: application/grpc-web-text' -d 'AAAAAAA=' \
    "$rpc/sui.rpc.v2.LedgerService/GetEpoch" >"$W/out" 2>"$W/err" ||
    fail "no gRPC answer from $rpc: $(cat "$W/err")"
base64 -d <"$W/out" 2>/dev/null | od -An -v -tx1 | tr -d ' \n' | grep -q '40e807.*677270632d7374617475733a30' ||
    fail "GetEpoch: $(head -c 300 "$W/out")"
pass "$rpc answers gRPC (sui.rpc.v2)"
chain=$rpc

# 2. accounts -------------------------------------------------------------------------------
begin "seal localnet account new: Alice, Bob, Carol and a key-server operator"
declare -A addr=()
for who in alice bob carol operator; do
    cli localnet account new || fail
    addr[$who]=$(field address)
    need_id "$who's address" "${addr[$who]}" || fail
    key=$(field private_key)
    [[ $key == suiprivkey1* ]] || fail "no suiprivkey1… private key in the output"
    (umask 077 && printf '%s\n' "$key" >"$W/$who.key")
done
unset key
pass "Alice $(short "${addr[alice]}"), Bob $(short "${addr[bob]}"), Carol $(short "${addr[carol]}")"

# 3. key servers ----------------------------------------------------------------------------
begin "seal keygen ×3: three master keys and three audit keys, each in its own 0600 file"
declare -A pk=() port=() url=() ks=() audit_pk=()
for i in 1 2 3; do
    cli keygen || fail
    msk=$(sed -n 's/^Master key: //p' "$W/out")
    pk[$i]=$(sed -n 's/^Public key: //p' "$W/out")
    [[ $msk =~ ^0x[0-9a-f]{64}$ && ${pk[$i]} =~ ^0x[0-9a-f]{192}$ ]] || fail "unexpected keygen output"
    (umask 077 && printf '%s\n' "$msk" >"$W/ks$i.key")
    # the server's audit key (docs/audit.md): Ed25519, separate from the master key
    cli keygen --audit --out "$W/audit$i.key" || fail
    [[ $(stat -c %a "$W/audit$i.key") == 600 ]] || fail "audit key file $i is not mode 0600"
    audit_pk[$i]=$(sed -n 's/^Audit public key: //p' "$W/audit$i.key")
    [[ ${audit_pk[$i]} =~ ^0x[0-9a-f]{64}$ ]] || fail "unexpected keygen --audit output"
done
unset msk
pass "public keys $(short "${pk[1]}"), $(short "${pk[2]}"), $(short "${pk[3]}"); audit keys $(short "${audit_pk[1]}")…"

begin "seal localnet keyserver register ×3: name, URL and public key on chain"
for i in 1 2 3; do
    port[$i]=$(free_port) || fail "cannot find a free port"
    url[$i]=http://127.0.0.1:${port[$i]}
    cli localnet keyserver register --chain "$chain" --key "@$W/operator.key" \
        --name "demo-server-$i" --url "${url[$i]}" --public-key "${pk[$i]}" || fail
    ks[$i]=$(field key_server)
    need_id key_server "${ks[$i]}" || fail
done
pass "$(short "${ks[1]}") $(short "${ks[2]}") $(short "${ks[3]}")"

begin "seal audit create-log ×3: an AuditLog object on chain per server's audit key"
declare -A audit_log=()
for i in 1 2 3; do
    cli audit create-log --chain "$chain" --key "@$W/operator.key" --public-key "${audit_pk[$i]}" || fail
    audit_log[$i]=$(field audit_log)
    need_id audit_log "${audit_log[$i]}" || fail
done
pass "$(short "${audit_log[1]}") $(short "${audit_log[2]}") $(short "${audit_log[3]}")"

# The servers' chain is the localnet URL rather than embedded:DIR: a key server is meant to ask a
# Sui full node over gRPC, and this way the ledger has one owner (seal localnet serve) while the
# servers, the CLI and the SDK all read the same state through the same API.
begin "seal server ×3: Open mode, own master key file, audit log on, chain = the localnet URL"
for i in 1 2 3; do
    cat >"$W/ks$i.yaml" <<EOF
# key server $i of the demo
network: !Devnet
  seal_package: $seal_pkg
server_mode: !Open
  key_server_object_id: ${ks[$i]}
chain: $chain
listen: 127.0.0.1:${port[$i]}
metrics_host_port: ""
master_key_file: $W/ks$i.key
threads: 2
audit:
  database: $W/audit$i.db
  key_file: $W/audit$i.key
  anchor:
    object: ${audit_log[$i]}
    key_file: $W/operator.key
    interval: 1s
EOF
    start "server$i" "$seal" server --config "$W/ks$i.yaml"
done
for i in 1 2 3; do
    wait_ready "server$i" || fail
    [[ $READY_URL == "${url[$i]}" ]] || fail "server $i says ready at $READY_URL, registered as ${url[$i]}"
    curl -sS --max-time 5 "${url[$i]}/health" >"$W/out" 2>"$W/err" || fail "server $i /health: $(cat "$W/err")"
    grep -q '"up"' "$W/out" || fail "server $i /health: $(head -c 200 "$W/out")"
done
pass "${url[1]}, ${url[2]}, ${url[3]}"

# 4. the policy -----------------------------------------------------------------------------
begin "Alice: seal localnet allowlist create + add Bob"
cli localnet allowlist create --chain "$chain" --key "@$W/alice.key" --name "demo-readers" || fail
allowlist=$(field allowlist)
cap=$(field cap)
need_id allowlist "$allowlist" && need_id cap "$cap" || fail
cli localnet allowlist add --chain "$chain" --key "@$W/alice.key" \
    --allowlist "$allowlist" --cap "$cap" --member "${addr[bob]}" || fail
[[ -n $(field digest) ]] || fail "no transaction digest in: $(head -c 300 "$W/out")"
cli localnet object "$allowlist" --chain "$chain" || fail
# the object's BCS (id, name, list of addresses) must hold Bob's address
bcs_hex=$(field bcsBytes | base64 -d 2>/dev/null | od -An -v -tx1 | tr -d ' \n')
[[ -n $bcs_hex ]] || fail "no BCS in: $(head -c 400 "$W/out")"
[[ $bcs_hex == *"${addr[bob]#0x}"* ]] || fail "Bob's address is not in the allowlist object's BCS"
pass "allowlist $(short "$allowlist") holds Bob"

# 5. encryption -----------------------------------------------------------------------------
message="The harbour plans, version 7: the north pier moves 40 m east. $(date -u +%FT%TZ)"
printf '%s\n' "$message" >"$W/plans.txt"
# The examples allowlist policy grants keys for ids that start with the allowlist's id bytes.
id=${allowlist#0x}$(rand_hex 8)
begin "seal encrypt: 2-of-3 for id = allowlist id || nonce, public keys and URLs read from chain"
cli encrypt --chain "$chain" --key-server "${ks[1]}" --key-server "${ks[2]}" --key-server "${ks[3]}" \
    --threshold 2 --package "$examples" --id "$id" --in "$W/plans.txt" --out "$W/plans.seal" || fail
cli inspect "$W/plans.seal" || fail
grep -q '"threshold": 2' "$W/out" || fail "seal inspect does not show threshold 2"
[[ $(grep -c '"object_id"' "$W/out") == 3 ]] || fail "seal inspect does not show 3 key servers"
grep -q "\"package_id\": \"$examples\"" "$W/out" || fail "seal inspect shows another package"
pass "plans.seal, $(stat -c %s "$W/plans.seal") bytes"

# 6. decryption -----------------------------------------------------------------------------
approve="$examples::allowlist::seal_approve"
decrypt_as() { # decrypt_as WHO OUT [EXTRA OPTION]...
    local who=$1 out=$2
    shift 2
    cli decrypt --session "$W/$who.session" --chain "$chain" --approve "$approve" \
        --arg "object:$allowlist" --in "${ENC:-$W/plans.seal}" --out "$out" "$@"
}
# --verify-pop first checks every key server's proof of possession (GET /v1/service), which
# needs all of them to answer, as the SDK's verifyKeyServers; used while all three are up.
begin "Bob: seal session create (10 min) + seal decrypt --verify-pop"
for who in bob carol; do
    cli session create --key "@$W/$who.key" --package "$examples" --ttl-min 10 --chain "$chain" \
        --out "$W/$who.session" || fail
    [[ $(stat -c %a "$W/$who.session") == 600 ]] || fail "$who's session file is not mode 0600"
done
decrypt_as bob "$W/bob.txt" --verify-pop --receipts "$W/bob.receipts.json" || fail
cmp -s "$W/plans.txt" "$W/bob.txt" || fail "Bob's plaintext differs from the original"
pass "\"$(head -c 40 "$W/bob.txt")…\" matches"

begin "Bob's audit receipts: signed by the servers' audit keys, each provably in its server's log"
n_receipts=$(grep -c '"receipt"' "$W/bob.receipts.json")
[[ $n_receipts -ge 2 ]] || fail "expected a receipt from each of at least 2 servers, got $n_receipts"
cli audit verify-receipt --receipts "$W/bob.receipts.json" || fail
[[ $(grep -c '"outcome":"granted"' "$W/out") == "$n_receipts" ]] || fail "not every receipt records a grant: $(head -c 300 "$W/out")"
grep -q "\"user\":\"${addr[bob]}\"" "$W/out" || fail "the records do not name Bob"
cli audit prove --receipts "$W/bob.receipts.json" || fail
[[ $(grep -c '"included":true' "$W/out") == "$n_receipts" ]] || fail "not every receipt is proven included: $(head -c 300 "$W/out")"
pass "$n_receipts receipts verified and proven included"

begin "Carol (not on the allowlist): refused with NoAccess"
decrypt_as carol "$W/carol.txt"
rc=$?
[[ $rc != 0 ]] || fail "Carol decrypted the file"
[[ $rc != 124 && $rc != 137 ]] || fail "Carol's decrypt timed out instead of being refused"
grep -q NoAccess "$W/err" || fail "the error does not name NoAccess: $(head -c 300 "$W/err")"
[[ ! -e $W/carol.txt ]] || fail "a refused decryption left an output file"
pass "exit $rc: …$(grep -o 'NoAccess.*' "$W/err" | head -n1 | head -c 80)"

begin "operator: seal audit export: Bob's grant and Carol's refusal are in the logs"
granted=0 refused=0
for i in 1 2 3; do
    cli audit export --database "$W/audit$i.db" --out "$W/export$i.jsonl" || fail
    granted=$((granted + $(grep -c "\"user\":\"${addr[bob]}\".*\"outcome\":\"granted\"" "$W/export$i.jsonl")))
    refused=$((refused + $(grep -c "\"user\":\"${addr[carol]}\".*\"outcome\":\"NoAccess\"" "$W/export$i.jsonl")))
done
[[ $granted -ge 2 && $refused -ge 1 ]] || fail "expected Bob granted by 2 servers and Carol refused, got $granted and $refused"
[[ $(stat -c %a "$W/export1.jsonl") == 600 ]] || fail "the export is not mode 0600"
pass "$granted grants to Bob, $refused refusals of Carol"

begin "anchoring: seal audit anchor, then the head on chain equals the server's (seal audit monitor)"
cli audit anchor --chain "$chain" --key "@$W/operator.key" --object "${audit_log[1]}" --server "${url[1]}" || fail
cli audit monitor --server "${url[1]}" --state "$W/monitor1.json" --chain "$chain" --anchor "${audit_log[1]}" || fail
size=$(grep -o '"tree_size":[0-9]*' "$W/out" | head -n1 | cut -d: -f2)
anchored=$(grep -o '"anchor":{"tree_size":[0-9]*' "$W/out" | grep -o '[0-9]*$')
root=$(field root_hash)
anchored_root=$(grep -o '"anchor":{[^}]*}' "$W/out" | grep -o '"root_hash":"0x[0-9a-f]*"' | cut -d'"' -f4)
[[ -n $size && $size == "$anchored" && $root == "$anchored_root" ]] ||
    fail "the head on chain (size $anchored, root $anchored_root) is not the server's (size $size, root $root)"
# the servers anchor by themselves too (audit.anchor, every second here)
deadline=$(($(now_ms) + 30000))
until cli audit monitor --server "${url[2]}" --chain "$chain" --anchor "${audit_log[2]}" &&
    grep -q '"anchor":{"tree_size":[1-9]' "$W/out"; do
    [[ $(now_ms) -lt $deadline ]] || fail "key server 2 did not anchor its log within 30 s"
    sleep 0.2
done
pass "size $size, root $(short "$root") on chain; server 2 anchored its own head"

begin "key server 3 stopped (SIGTERM): it stops cleanly"
stop server3 || fail
[[ $STOP_STATUS == 0 ]] || fail "key server 3 exited with status $STOP_STATUS on SIGTERM"
curl -s --max-time 2 "${url[3]}/health" >/dev/null 2>&1 && fail "key server 3 still answers"
pass "exit status 0, port closed"

begin "Bob decrypts again with 2 of 3 servers"
rm -f "$W/bob.txt"
decrypt_as bob "$W/bob.txt" || fail
cmp -s "$W/plans.txt" "$W/bob.txt" || fail "Bob's plaintext differs from the original"
pass "plaintext matches"

begin "the local chain answered gRPC only: no JSON-RPC request in the whole story"
curl -sS --max-time 5 "$rpc/metrics" >"$W/out" 2>"$W/err" || fail "no metrics: $(cat "$W/err")"
grep -q '^seal_localnet_requests_total{protocol="jsonrpc"} 0$' "$W/out" ||
    fail "JSON-RPC requests seen: $(grep jsonrpc "$W/out")"
pass "$(sed -n 's/^seal_localnet_requests_total{protocol="grpc_web"} \([0-9]*\)$/\1/p' "$W/out") gRPC-web calls, 0 JSON-RPC"

if [[ $extended == 1 ]]; then
    begin "the allowlist read from the ledger file (embedded:DIR) equals the one served over gRPC and JSON-RPC"
    cli localnet object "$allowlist" --chain "embedded:$W/chain" || fail
    cp "$W/out" "$W/object-embedded.json"
    for spec in "$chain" "jsonrpc+$chain"; do
        cli localnet object "$allowlist" --chain "$spec" || fail
        cmp -s "$W/out" "$W/object-embedded.json" || fail "$spec: they differ: $(diff "$W/object-embedded.json" "$W/out" | head -c 400)"
    done
    pass "version $(field version "$W/out"), digest $(field digest "$W/out")"

    begin "8 decryptions by Bob at once (2 servers up), all correct"
    pids=()
    for k in 1 2 3 4 5 6 7 8; do
        timeout -k 2 "$cli_timeout" "$seal" decrypt --session "$W/bob.session" --chain "$chain" \
            --approve "$approve" --arg "object:$allowlist" --in "$W/plans.seal" --out "$W/par$k.txt" \
            2>"$W/par$k.err" &
        pids+=($!)
    done
    for k in 1 2 3 4 5 6 7 8; do
        wait "${pids[$((k - 1))]}" || fail "decryption $k failed: $(head -c 300 "$W/par$k.err")"
        cmp -s "$W/plans.txt" "$W/par$k.txt" || fail "decryption $k: plaintext differs"
    done
    pass

    begin "weighted servers: server 1 weight 2 + server 2 → threshold 3 met without server 3"
    ENC=$W/weighted.seal
    cli encrypt --chain "$chain" --key-server "${ks[1]}:2" --key-server "${ks[2]}" --key-server "${ks[3]}" \
        --threshold 3 --package "$examples" --id "$id" --in "$W/plans.txt" --out "$ENC" || fail
    cli inspect "$ENC" || fail
    [[ $(grep -c '"object_id"' "$W/out") == 4 ]] || fail "a weight-2 server should appear twice (4 shares)"
    rm -f "$W/bob.txt"
    decrypt_as bob "$W/bob.txt" || fail
    cmp -s "$W/plans.txt" "$W/bob.txt" || fail "plaintext differs"
    pass "4 shares, decrypted with weight 3 of 4"

    begin "weighted servers: server 3 weight 2, threshold 3 → refused while server 3 is down"
    ENC=$W/weighted3.seal
    cli encrypt --chain "$chain" --key-server "${ks[1]}" --key-server "${ks[2]}" --key-server "${ks[3]}:2" \
        --threshold 3 --package "$examples" --id "$id" --in "$W/plans.txt" --out "$ENC" || fail
    rm -f "$W/bob.txt"
    decrypt_as bob "$W/bob.txt"
    rc=$?
    [[ $rc != 0 && $rc != 124 && $rc != 137 ]] || fail "decrypted (or timed out, exit $rc) with only weight 2 of the needed 3"
    [[ ! -e $W/bob.txt ]] || fail "a failed decryption left an output file"
    pass "exit $rc: $(head -n1 "$W/err" | head -c 150)"

    begin "key server 3 restarted with the same configuration: the weighted object decrypts"
    start server3 "$seal" server --config "$W/ks3.yaml"
    wait_ready server3 || fail
    decrypt_as bob "$W/bob.txt" || fail
    cmp -s "$W/plans.txt" "$W/bob.txt" || fail "plaintext differs"
    pass "${url[3]}"
    unset ENC

    begin "subscription: Alice's service (fee 10, 60 s), Bob subscribes and decrypts"
    cli localnet subscription create-service --chain "$chain" --key "@$W/alice.key" \
        --fee 10 --ttl-ms 60000 --name demo-news || fail
    service=$(field service)
    need_id service "$service" || fail
    cli localnet subscription subscribe --chain "$chain" --key "@$W/bob.key" --service "$service" --fee 10 || fail
    subscription=$(field subscription)
    need_id subscription "$subscription" || fail
    sub_id=${service#0x}$(rand_hex 8)
    cli encrypt --chain "$chain" --key-server "${ks[1]}" --key-server "${ks[2]}" --key-server "${ks[3]}" \
        --threshold 2 --package "$examples" --id "$sub_id" --in "$W/plans.txt" --out "$W/news.seal" || fail
    sub_decrypt() {
        cli decrypt --session "$W/bob.session" --chain "$chain" \
            --approve "$examples::subscription::seal_approve" --arg "object:$subscription" \
            --arg "object:$service" --arg clock --in "$W/news.seal" --out "$W/news.txt"
    }
    sub_decrypt || fail
    cmp -s "$W/plans.txt" "$W/news.txt" || fail "plaintext differs"
    pass "service $(short "$service"), subscription $(short "$subscription")"

    begin "subscription: the Clock moves 2 min (seal localnet clock advance) → Bob's has expired: NoAccess"
    cli localnet clock advance --chain "embedded:$W/chain" --ms 120000 || fail
    rm -f "$W/news.txt"
    sub_decrypt
    rc=$?
    [[ $rc != 0 ]] || fail "Bob decrypted with an expired subscription"
    grep -q NoAccess "$W/err" || fail "the error does not name NoAccess: $(head -c 300 "$W/err")"
    [[ ! -e $W/news.txt ]] || fail "a refused decryption left an output file"
    pass "exit $rc"

    begin "Alice: seal localnet allowlist remove Bob → Bob refused with NoAccess"
    cli localnet allowlist remove --chain "$chain" --key "@$W/alice.key" \
        --allowlist "$allowlist" --cap "$cap" --member "${addr[bob]}" || fail
    rm -f "$W/bob.txt"
    decrypt_as bob "$W/bob.txt"
    rc=$?
    [[ $rc != 0 ]] || fail "Bob still decrypts after his removal"
    grep -q NoAccess "$W/err" || fail "the error does not name NoAccess: $(head -c 300 "$W/err")"
    [[ ! -e $W/bob.txt ]] || fail "a refused decryption left an output file"
    pass "exit $rc"

    begin "Carol cannot add herself with Alice's cap (an object Alice owns)"
    cli localnet allowlist add --chain "$chain" --key "@$W/carol.key" \
        --allowlist "$allowlist" --cap "$cap" --member "${addr[carol]}"
    rc=$?
    [[ $rc != 0 && $rc != 124 && $rc != 137 ]] || fail "Carol added herself with Alice's cap (exit $rc)"
    pass "exit $rc: $(head -n1 "$W/err" | head -c 150)"
fi

echo "== localnet demo: all $step_no steps behaved as described in $(secs $(($(now_ms) - demo_t0)))"
