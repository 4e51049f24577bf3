#!/usr/bin/env bash
# Committee member key servers as real processes on loopback, with upstream's real DKG shares
# (tests/vectors/spec/committee.json upstream_e2e: 2-of-3, rotated to 3-of-4 with the order
# [old 1, old 0, new, new]): the committee on `seal localnet serve` through the CLI, three members
# (server_mode: !Committee) whose /v1/debug/committee_partial_pk equals the on-chain partial pk,
# partial keys that verify against each member's partial pk and combine (2 of 3) into the key of
# the committee pk, which decrypts an object; start-up share selection (every row of
# spec/COMMITTEE.md 6.2) and refusals (wrong share, missing share, rotation mismatch); the version
# gate of Client-Sdk-Type: aggregator; /v1/service; then the rotation: continuing members in
# !Rotation serve the old share until the chain reaches the target and switch without a restart,
# new members refuse traffic until then, a member whose new share is wrong stops, and 3 of the 4
# new members' partial keys decrypt the object encrypted before the rotation.
# Usage: test_member_servers.sh PATH/TO/seal VECTORS_DIR PATH/TO/committee_member_client
source "$(dirname "$0")/lib.sh" "$@"

# ---- chain, accounts, committee -------------------------------------------------------------
localnet_up || { bad "localnet serve: $(cat "$T/localnet.err")"; exit 1; }
SERVER_CHAIN="jsonrpc+$CHAIN" # the members read the chain over JSON-RPC, the CLI over gRPC
declare -a ADDR KEY
accounts 7 # 0..2 members, 3 and 4 join at the rotation, 5 coordinator, 6 user
PK=$(vec "d['committee_pk']")
for p in 0 1 2; do
    S0[$p]=$(vec "d['v0']['master_shares_by_party'][$p]")
    P0[$p]=$(vec "d['v0']['partial_pks_by_party'][$p]")
done
for p in 0 1 2 3; do
    S1[$p]=$(vec "d['v1']['master_shares_by_party'][$p]")
    P1[$p]=$(vec "d['v1']['partial_pks_by_party'][$p]")
done
# the partial pks are share·G2 (computed here too)
got=$("$SEAL" public-key --master-key "${S0[1]}" 2>/dev/null | grep -o '[0-9a-f]\{192\}' | head -1)
[[ $got == "${P0[1]}" ]] && ok "partial pk = share·G2 (seal public-key)" || bad "seal public-key of a share: $got"

C="$SEAL committee"
run $C init --chain "$CHAIN" --key "${KEY[5]}" --threshold 2 --member "${ADDR[0]}" --member "${ADDR[1]}" --member "${ADDR[2]}"
CID=$(jget committee "$T/out")
[[ $RC == 0 && -n $CID ]] && ok "committee $CID" || { bad "init: $(cat "$T/err")"; exit 1; }
G1=97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb
for p in 0 1 2; do
    PORT0[$p]=$(free_port)
    URL0[$p]=http://127.0.0.1:${PORT0[$p]}
    expect 0 "register party $p" $C register --chain "$CHAIN" --key "${KEY[$p]}" --committee "$CID" \
        --enc-pk $G1 --signing-pk "${P0[$p]}" --url "${URL0[$p]}" --name "member-$p"
done
HASH=$(printf '5e%.0s' $(seq 32))
for p in 0 1 2; do
    expect 0 "propose by party $p" $C propose --chain "$CHAIN" --key "${KEY[$p]}" --committee "$CID" \
        --pk "$PK" --partial-pk "${P0[0]}" --partial-pk "${P0[1]}" --partial-pk "${P0[2]}" --messages-hash "$HASH"
done
KS=$(jget key_server "$T/out")
[[ -n $KS ]] && ok "KeyServer $KS" || { bad "no KeyServer: $(cat "$T/out")"; exit 1; }

for p in 0 1 2; do
    member "m$p" "$p" "${PORT0[$p]}" Active "MASTER_SHARE_V0=${S0[$p]}"
done
for p in 0 1 2; do
    wait_ready "m$p" && ok "member $p ready" || bad "member $p: $(tail -c 300 "$T/m$p.err")"
done
for p in 0 1 2; do
    got=$("$CLIENT" debug --url "${URL0[$p]}")
    [[ $got == "${P0[$p]}" ]] && ok "member $p debug partial pk = on chain" || bad "member $p debug: $got"
done

# refusals and share selection at start-up (6.2)
refuse() { # refuse DESC PATTERN STATE ENV...
    local desc=$1 pattern=$2 state=$3
    shift 3
    member bad 0 "$(free_port)" "$state" "$@"
    wait_exit bad 20
    local st=$?
    if [[ $st != 0 && $st != 255 ]] && grep -q "$pattern" "$T/bad.err"; then
        ok "$desc: $(tail -n1 "$T/bad.err")"
    else
        bad "$desc (status $st): $(tail -c 300 "$T/bad.err")"
        kill "${PID[bad]}" 2>/dev/null
    fi
    unset 'PID[bad]'
}
refuse "a wrong share is refused" "does not match" Active "MASTER_SHARE_V0=${S0[1]}"
refuse "no share for the version is refused" "MASTER_SHARE_V0" Active "MASTER_SHARE_V7=${S0[0]}"
refuse "Rotation {0} is refused" "target_version" "!Rotation {target_version: 0}" "MASTER_SHARE_V0=${S0[0]}"
refuse "a rotation mismatch is refused" "Rotation mode mismatch" "!Rotation {target_version: 5}" "MASTER_SHARE_V5=${S0[0]}"
refuse "a malformed share is refused" "MASTER_SHARE_V0" Active "MASTER_SHARE_V0=zz"

# ---- the policy, an object, partial keys ----------------------------------------------------
policy_and_object 6
fetch --member "0=${URL0[0]}" --member "1=${URL0[1]}" --member "2=${URL0[2]}" --combine 2
[[ $RC == 0 ]] && [[ $(grep -c '^member .* ok ' "$T/out") == 3 ]] &&
    ok "3 partial keys verify against their partial pks, 2 combine to the committee key" ||
    bad "fetch: $(cat "$T/out" "$T/err")"
KEY0=$(sed -n 's/^key //p' "$T/out")
fetch --member "2=${URL0[2]}" --member "0=${URL0[0]}" --combine 2
[[ $(sed -n 's/^key //p' "$T/out") == "$KEY0" ]] && ok "another pair gives the same key" || bad "pair 2,0: $(cat "$T/out")"
fetch --member "1=${URL0[0]}" --combine 1
grep -q "bad-key" "$T/out" && ok "a partial key checked against another member's pk fails" || bad "wrong party: $(cat "$T/out")"
expect 0 "the combined key decrypts the object" "$SEAL" decrypt --key "$KS:$KEY0" \
    --public-key "$KS:$PK" --in "$T/obj.seal" --out "$T/dec.txt"
cmp -s "$T/dec.txt" "$T/plain.txt" && ok "plaintext" || bad "plaintext differs"
fetch --member "0=${URL0[0]}" --sdk aggregator:0.6.1
grep -q "426.*DeprecatedSDKVersion" "$T/out" && ok "aggregator 0.6.1 refused (426)" || bad "gate: $(cat "$T/out")"
fetch --member "0=${URL0[0]}" --sdk aggregator:0.6.10
grep -q "^member 0 ok" "$T/out" && ok "aggregator 0.6.10 served" || bad "aggregator: $(cat "$T/out")"
st=$(curl -s -o "$T/svc" -w '%{http_code}' -H 'Client-Sdk-Version: 1.4.12' \
    "${URL0[0]}/v1/service?service_id=$KS")
[[ $st == 400 ]] && grep -q InvalidServiceId "$T/svc" && ok "/v1/service: 400 InvalidServiceId" || bad "/v1/service: $st $(cat "$T/svc")"

# the official SDK reads the committee KeyServer from this chain and encrypts to it
INTEROP=$(cd "$(dirname "$0")/../interop" && pwd)
if [[ ! -f $INTEROP/node_modules/@mysten/seal/package.json ]]; then
    (cd "$INTEROP" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1)
fi
if (cd "$INTEROP" && timeout 120 node committee.mjs --chain "$CHAIN" --key-server "$KS" --pk "$PK" \
    --package $EXA --id "$ID" --out "$T/sdk.seal") >"$T/sdk.out" 2>&1; then
    ok "SDK: $(grep -c '^ok' "$T/sdk.out") checks (discovery with aggregatorUrl, pk, encrypt)"
else
    bad "SDK: $(grep -v '^ok' "$T/sdk.out" | head -c 600)"
fi
expect 0 "the SDK's object decrypts with the combined key" "$SEAL" decrypt --key "$KS:$KEY0" \
    --public-key "$KS:$PK" --in "$T/sdk.seal" --out "$T/sdk.txt"
grep -q "encrypted by the SDK to a committee" "$T/sdk.txt" && ok "SDK plaintext" || bad "SDK plaintext"

# ---- rotation 2-of-3 -> 3-of-4: [old 1, old 0, new 3, new 4] ---------------------------------
run $C init-rotation --chain "$CHAIN" --key "${KEY[1]}" --key-server "$KS" --threshold 3 \
    --member "${ADDR[1]}" --member "${ADDR[0]}" --member "${ADDR[3]}" --member "${ADDR[4]}"
NID=$(jget committee "$T/out")
[[ $RC == 0 && -n $NID ]] && ok "rotation committee $NID" || bad "init-rotation: $(cat "$T/err")"
NEW=(1 0 3 4) # new party -> account
for q in 0 1 2 3; do
    PORT1[$q]=$(free_port)
    URL1[$q]=http://127.0.0.1:${PORT1[$q]}
    expect 0 "register new party $q" $C register --chain "$CHAIN" --key "${KEY[${NEW[$q]}]}" \
        --committee "$NID" --enc-pk $G1 --signing-pk "${P1[$q]}" --url "${URL1[$q]}" --name "new-$q"
done
# continuing members (accounts 1 and 0: new parties 0 and 1) restart in Rotation {1} with V0 and
# V1; the new ones start Active with V1 only; account 0 gets a wrong V1 to be caught at the switch
kill -TERM "${PID[m0]}" "${PID[m1]}" 2>/dev/null
wait "${PID[m0]}" "${PID[m1]}" 2>/dev/null
unset 'PID[m0]' 'PID[m1]'
MPORT=$(free_port)
METRICS_PORT=$MPORT member r0 1 "${PORT1[0]}" "!Rotation {target_version: 1}" "MASTER_SHARE_V0=${S0[1]}" "MASTER_SHARE_V1=${S1[0]}"
member r1 0 "${PORT1[1]}" "!Rotation {target_version: 1}" "MASTER_SHARE_V0=${S0[0]}" "MASTER_SHARE_V1=${S1[1]}"
member r2 3 "${PORT1[2]}" Active "MASTER_SHARE_V1=${S1[2]}"
member r3 4 "${PORT1[3]}" Active "MASTER_SHARE_V1=${S1[3]}"
WRONG_PORT=$(free_port)
member wrong 0 "$WRONG_PORT" "!Rotation {target_version: 1}" "MASTER_SHARE_V0=${S0[0]}" "MASTER_SHARE_V1=${S1[3]}"
for n in r0 r1 r2 r3 wrong; do
    wait_ready "$n" && ok "$n ready" || bad "$n: $(tail -c 300 "$T/$n.err")"
done
curl -s "http://127.0.0.1:$MPORT/metrics" >"$T/metrics"
grep -q '^committee_mode_version 0$' "$T/metrics" && grep -q '^committee_mode_state 0$' "$T/metrics" &&
    ok "metrics: serving version 0 while the rotation is pending" || bad "metrics: $(grep committee "$T/metrics")"
fetch --member "1=${URL1[0]}" --member "0=${URL1[1]}" --combine 2
[[ $RC == 0 && $(sed -n 's/^key //p' "$T/out") == "$KEY0" ]] &&
    ok "before the switch, continuing members serve their old shares (old parties 1, 0)" || bad "old shares: $(cat "$T/out")"
fetch --member "2=${URL1[2]}"
# upstream's Failure: the reason ("Rotation in progress: ...") goes to the log, not the client
grep -q '503 {"error":"Failure"' "$T/out" && grep -q "Rotation in progress" "$T/r2.err" &&
    ok "a new member refuses traffic before the switch (503 Failure, reason logged)" ||
    bad "new member early: $(cat "$T/out") $(tail -c 300 "$T/r2.err")"
for q in 0 1 2 3; do
    expect 0 "propose-rotation by new party $q" $C propose-rotation --chain "$CHAIN" \
        --key "${KEY[${NEW[$q]}]}" --committee "$NID" --partial-pk "${P1[0]}" --partial-pk "${P1[1]}" \
        --partial-pk "${P1[2]}" --partial-pk "${P1[3]}" --messages-hash "$HASH"
done
grep -q "\"key_server\": \"$KS\"" "$T/out" && ok "rotation finalized, same KeyServer" || bad "rotation: $(cat "$T/out")"
expect 0 "show" $C show --chain "$CHAIN" --key-server "$KS"
grep -q '"version": 1' "$T/out" && grep -q "\"pk\": \"0x$PK\"" "$T/out" && ok "version 1, pk kept" || bad "show: $(head -c 500 "$T/out")"
# the switch happens at the next poll (200 ms)
deadline=$(($(now_ms) + 15000))
while [[ $(now_ms) -lt $deadline ]]; do
    fetch --member "0=${URL1[0]}" --member "1=${URL1[1]}" --member "2=${URL1[2]}" --member "3=${URL1[3]}" --combine 3
    [[ $RC == 0 ]] && break
    sleep 0.2
done
[[ $RC == 0 && $(grep -c '^member .* ok ' "$T/out") == 4 ]] &&
    ok "after the switch the 4 new partial keys verify against the new partial pks (no restart)" ||
    bad "after the switch: $(cat "$T/out")"
KEY1=$(sed -n 's/^key //p' "$T/out")
[[ $KEY1 == "$KEY0" ]] && ok "3 of the 4 new members give the same key" || bad "key after rotation: $KEY1"
expect 0 "the object encrypted before the rotation decrypts" "$SEAL" decrypt --key "$KS:$KEY1" \
    --public-key "$KS:$PK" --in "$T/obj.seal" --out "$T/dec1.txt"
cmp -s "$T/dec1.txt" "$T/plain.txt" && ok "plaintext after rotation" || bad "plaintext after rotation"
curl -s "http://127.0.0.1:$MPORT/metrics" >"$T/metrics"
grep -q '^committee_mode_version 1$' "$T/metrics" && ok "metrics: version 1 after the switch" ||
    bad "metrics after: $(grep committee "$T/metrics")"
for q in 0 1; do
    got=$("$CLIENT" debug --url "${URL1[$q]}")
    [[ $got == "${P1[$q]}" ]] && ok "continuing member $q now answers its V1 partial pk" || bad "debug $q: $got"
done
wait_exit wrong 15
st=$?
[[ $st != 0 && $st != 255 ]] && grep -q "does not match" "$T/wrong.err" &&
    ok "a member whose V1 share is wrong stops at the switch: $(tail -n1 "$T/wrong.err")" ||
    bad "wrong V1 share (status $st): $(tail -c 300 "$T/wrong.err")"
unset 'PID[wrong]'
# a restart in !Rotation {1} after the switch starts Active with V1 only
member late 0 "$(free_port)" "!Rotation {target_version: 1}" "MASTER_SHARE_V1=${S1[1]}"
wait_ready late && ok "Rotation {1} at version 1: Active with V1" || bad "late: $(tail -c 300 "$T/late.err")"
echo "$PASS passed, $FAIL failed"
[[ $FAIL == 0 ]]
