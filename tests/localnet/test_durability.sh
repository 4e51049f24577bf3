#!/usr/bin/env bash
# Durability through the CLI: a writer loop of signed `seal localnet allowlist add` transactions
# is killed with SIGKILL (the loop and the seal process in flight) at random moments, five times;
# after each kill the ledger opens and every member whose add was acknowledged (the digest
# printed) is in the allowlist.
source "$(dirname "$0")/../cli/lib.sh" "$@"
set -m # background jobs get their own process group, so one kill reaches the seal child too

D=$T/net
field() {
    sed -n "s/.*\"$1\": \"\\([^\"]*\\)\".*/\\1/p" "$2"
}
"$SEAL" localnet init --data "$D" >/dev/null || bad "init"
"$SEAL" localnet account new >"$T/a" || bad "account"
(umask 077 && field private_key "$T/a" >"$T/key")
"$SEAL" localnet allowlist create --data "$D" --key "@$T/key" --name dur >"$T/al" || bad "create"
AL=$(field allowlist "$T/al")
CAP=$(field cap "$T/al")
: >"$T/acks"
for round in 1 2 3 4 5; do
    (
        i=0
        while :; do
            i=$((i + 1))
            m=$(printf '0x%x%04x' "$round" "$i")
            if out=$("$SEAL" localnet allowlist add --data "$D" --key "@$T/key" \
                --allowlist "$AL" --cap "$CAP" --member "$m" 2>/dev/null); then
                echo "$m $out" >>"$T/acks"
            fi
        done
    ) &
    pid=$!
    sleep "0.$((RANDOM % 5 + 3))"
    kill -KILL -- "-$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    expect 0 "round $round: the ledger opens after SIGKILL" "$SEAL" localnet object --data "$D" "$AL"
    listed=$(grep -o '"bcsBytes": "[^"]*"' "$T/out" | sed 's/.*: "//; s/"//' | base64 -d |
        od -An -tx1 -v | tr -d ' \n')
    missing=0
    while read -r m _; do
        hex=$(printf '%064x' "$((m))")
        [[ $listed == *"$hex"* ]] || missing=$((missing + 1))
    done <"$T/acks"
    check "round $round: all $(wc -l <"$T/acks") acknowledged adds are in the allowlist" \
        test "$missing" -eq 0
done
check "some transactions were acknowledged" test -s "$T/acks"
finish
