#!/usr/bin/env bash
# seal localnet transaction subcommands against `seal localnet serve` (--chain http://... = gRPC,
# then --chain jsonrpc+http://... = JSON-RPC): the same commands through both of Sui's APIs,
# checked against the ledger read both ways.
source "$(dirname "$0")/../cli/lib.sh" "$@"

D=$T/net
field() {
    sed -n "s/.*\"$1\": \"\\([^\"]*\\)\".*/\\1/p" "$2"
}
"$SEAL" localnet init --data "$D" >"$T/init" || bad "init"
"$SEAL" localnet serve --data "$D" --listen 127.0.0.1:0 >"$T/serve" 2>"$T/serve.err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$T"' EXIT
URL=
for _ in $(seq 1 100); do
    URL=$(sed -n 's/^ready \(http:.*\)$/\1/p' "$T/serve")
    [[ -n $URL ]] && break
    sleep 0.05
done
check "serve is ready" test -n "$URL"

"$SEAL" localnet account new >"$T/alice" && "$SEAL" localnet account new >"$T/bob" || bad "accounts"
AKEY=$(field private_key "$T/alice")
BOB=$(field address "$T/bob")
BKEY=$(field private_key "$T/bob")

# The same commands over gRPC (http://, what Sui's full nodes serve) and the legacy JSON-RPC
# (jsonrpc+http://).
story() {
    local SPEC=$1 PROTO=$2
    expect 0 "allowlist create over $PROTO" "$SEAL" localnet allowlist create --chain "$SPEC" \
        --key "$AKEY" --name web && cp "$T/out" "$T/al"
    AL=$(field allowlist "$T/al")
    CAP=$(field cap "$T/al")
    check "ids printed" bash -c "[[ $AL =~ ^0x[0-9a-f]{64}$ && $CAP =~ ^0x[0-9a-f]{64}$ ]]"
    expect 0 "allowlist add over $PROTO" "$SEAL" localnet allowlist add --chain "$SPEC" --key "$AKEY" \
        --allowlist "$AL" --cap "$CAP" --member "$BOB"
    expect 0 "object over $PROTO" "$SEAL" localnet object --chain "$SPEC" "$AL" && cp "$T/out" "$T/o_http"
    expect 0 "object from the ledger" "$SEAL" localnet object --data "$D" "$AL" && cp "$T/out" "$T/o_db"
    check "both views of the allowlist agree" cmp -s "$T/o_http" "$T/o_db"
    check "allowlist at version 2" grep -q '"version": "2"' "$T/o_db"
    expect_error 1 "a duplicate add aborts over $PROTO" "$SEAL" localnet allowlist add --chain "$SPEC" \
        --key "$AKEY" --allowlist "$AL" --cap "$CAP" --member "$BOB"
    check "the abort code is reported" grep -q "code 2" "$T/err"
    expect_error 1 "bob cannot use alice's cap over $PROTO" "$SEAL" localnet allowlist remove \
        --chain "$SPEC" --key "$BKEY" --allowlist "$AL" --cap "$CAP" --member "$BOB"

    expect 0 "create-service over $PROTO" "$SEAL" localnet subscription create-service --chain "$SPEC" \
        --key "$AKEY" --fee 3 --ttl-ms 1000 --name feed && cp "$T/out" "$T/svc"
    SVC=$(field service "$T/svc")
    expect 0 "subscribe over $PROTO" "$SEAL" localnet subscription subscribe --chain "$SPEC" \
        --key "$BKEY" --service "$SVC" --fee 3 && cp "$T/out" "$T/sub"
    SUB=$(field subscription "$T/sub")
    expect 0 "the subscription exists" "$SEAL" localnet object --data "$D" "$SUB"
    check "owned by bob" grep -q "\"AddressOwner\": \"$BOB\"" "$T/out"
    "$SEAL" keygen --json >"$T/ks" || bad "keygen"
    expect 0 "keyserver register over $PROTO" "$SEAL" localnet keyserver register --chain "$SPEC" \
        --key "$AKEY" --name ks --url http://127.0.0.1:1 --public-key "$(field public_key "$T/ks")"
    check "key server id printed" grep -q '"key_server": "0x' "$T/out"
}
story "$URL" gRPC
story "jsonrpc+$URL" JSON-RPC
curl -s "$URL/metrics" >"$T/metrics"
check "both protocols were used (metrics)" bash -c "grep -q 'protocol=\"grpc_web\"} [1-9]' '$T/metrics' && grep -q 'protocol=\"jsonrpc\"} [1-9]' '$T/metrics'"
finish
