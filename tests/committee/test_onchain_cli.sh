#!/usr/bin/env bash
# The on-chain committee steps through the CLI on an embedded ledger: init (publish +
# init_committee), register, propose until the KeyServer exists, show, a rotation 2-of-3 ->
# 3-of-4 that keeps the KeyServer and its pk, update-url, the upgrade vote, and the failures
# (Move aborts named, usage errors). Points are fixed valid ones (no DKG here: the DKG scripts
# run the real thing).
source "$(dirname "$0")/../cli/lib.sh" "$@"
L=$T/ledger
"$SEAL" localnet init --data "$L" >/dev/null || { bad "localnet init"; exit 1; }
declare -a ADDR KEY
for i in 0 1 2 3 4 5; do
    "$SEAL" localnet account new >"$T/acct$i.json"
    ADDR[$i]=$(sed -n 's/.*"address": "\([^"]*\)".*/\1/p' "$T/acct$i.json")
    KEY[$i]=$(sed -n 's/.*"private_key": "\([^"]*\)".*/\1/p' "$T/acct$i.json")
done
printf '%s' "${KEY[5]}" >"$T/coord.key"
chmod 600 "$T/coord.key"
jget() { sed -n "s/.*\"$1\": *\"\\([^\"]*\\)\".*/\\1/p" "$2" | head -1; }
G1=97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb
V=$VECTORS/spec/committee.json
read -r PK P0 P1 P2 < <(python3 -c "
import json,sys;d=json.load(open(sys.argv[1]))['key_server_v2_committee_bcs']['value'];print(d['pk'],*[p['partial_pk'] for p in d['partial_key_servers']])" "$V")
HASH=$(printf 'ab%.0s' $(seq 32))
C="$SEAL committee"

expect 0 "init publishes and creates the committee" $C init --data "$L" --key @"$T/coord.key" \
    --threshold 2 --member "${ADDR[0]}" --member "${ADDR[1]}" --member "${ADDR[2]}"
CID=$(jget committee "$T/out")
PKG=$(jget package "$T/out")
check "init prints the committee and package" test -n "$CID" -a -n "$PKG"
expect_error 1 "register by a non-member aborts with ENotMember" $C register --data "$L" \
    --key "${KEY[3]}" --committee "$CID" --enc-pk $G1 --signing-pk "$PK" --url u --name x
grep -q "seal_committee::register with code 0" "$T/err" && ok "abort code named" || bad "abort code named"
printf '{"enc_sk":"0x00","enc_pk":"0x%s","signing_sk":"0x00","signing_pk":"0x%s"}' $G1 "$PK" >"$T/dkg.key"
expect 0 "register (key file)" $C register --data "$L" --key "${KEY[0]}" --committee "$CID" \
    --keys "$T/dkg.key" --url http://127.0.0.1:9000 --name m0
expect_error 1 "register twice aborts with EAlreadyRegistered" $C register --data "$L" \
    --key "${KEY[0]}" --committee "$CID" --keys "$T/dkg.key" --url u --name m9
grep -q "code 4" "$T/err" && ok "code 4" || bad "code 4"
expect_error 1 "a taken name aborts with ENameAlreadyTaken" "$SEAL" localnet committee register \
    --data "$L" --key "${KEY[1]}" --committee "$CID" --enc-pk $G1 --signing-pk "$PK" --url u --name m0
grep -q "code 9" "$T/err" && ok "code 9" || bad "code 9"
expect 0 "register m1 (seal localnet committee)" "$SEAL" localnet committee register --data "$L" \
    --key "${KEY[1]}" --committee "$CID" --enc-pk $G1 --signing-pk "$PK" --url http://127.0.0.1:9001 --name m1
expect_error 1 "propose before everyone registered aborts with ENotRegistered" $C propose \
    --data "$L" --key "${KEY[0]}" --committee "$CID" --pk "$PK" --partial-pk "$P0" \
    --partial-pk "$P1" --partial-pk "$P2" --messages-hash "$HASH"
grep -q "propose_internal with code 5" "$T/err" && ok "code 5" || bad "code 5"
expect 0 "register m2" $C register --data "$L" --key "${KEY[2]}" --committee "$CID" \
    --enc-pk $G1 --signing-pk "$PK" --url http://127.0.0.1:9002 --name m2
printf '{"key_server_pk":"%s","partial_pks":["%s","%s","%s"],"messages_hash":"%s"}' \
    "$PK" "$P0" "$P1" "$P2" "$HASH" >"$T/dkg-out.json"
expect 0 "propose 1 (DKG output file)" $C propose --data "$L" --key "${KEY[0]}" --committee "$CID" --from "$T/dkg-out.json"
grep -q '"approvals": 1' "$T/out" && ok "one approval" || bad "one approval: $(cat "$T/out")"
expect_error 1 "a different proposal aborts with EInvalidProposal" $C propose --data "$L" \
    --key "${KEY[1]}" --committee "$CID" --pk "$PK" --partial-pk "$P1" --partial-pk "$P0" \
    --partial-pk "$P2" --messages-hash "$HASH"
grep -q "code 7" "$T/err" && ok "code 7" || bad "code 7"
expect 0 "propose 2" $C propose --data "$L" --key "${KEY[1]}" --committee "$CID" --from "$T/dkg-out.json"
expect 0 "propose 3 finalizes" $C propose --data "$L" --key "${KEY[2]}" --committee "$CID" --from "$T/dkg-out.json"
KS=$(jget key_server "$T/out")
grep -q '"state": "Finalized"' "$T/out" && test -n "$KS" && ok "KeyServer $KS" || bad "finalized: $(cat "$T/out")"
expect 0 "show --key-server finds the committee" $C show --data "$L" --key-server "$KS"
grep -q "\"committee\": \"$CID\"" "$T/out" && grep -q '"version": 0' "$T/out" &&
    grep -q "\"partial_pk\": \"0x$P2\"" "$T/out" && ok "show: committee, version 0, partial pks" ||
    bad "show: $(head -c 400 "$T/out")"
expect 0 "object read over the chain layer" "$SEAL" localnet object --data "$L" "$KS"

# rotation 2-of-3 -> 3-of-4: [1, 0, 3, 4] (2 leaves, 3 and 4 join)
expect_error 1 "init-rotation by an outsider aborts with ENotMember" $C init-rotation --data "$L" \
    --key "${KEY[3]}" --key-server "$KS" --threshold 3 --member "${ADDR[1]}" --member "${ADDR[0]}" \
    --member "${ADDR[3]}" --member "${ADDR[4]}"
expect 0 "init-rotation (from the KeyServer)" $C init-rotation --data "$L" --key "${KEY[0]}" \
    --key-server "$KS" --threshold 3 --member "${ADDR[1]}" --member "${ADDR[0]}" \
    --member "${ADDR[3]}" --member "${ADDR[4]}"
NID=$(jget committee "$T/out")
n=0
for i in 1 0 3 4; do
    expect 0 "register $i in the new committee" $C register --data "$L" --key "${KEY[$i]}" \
        --committee "$NID" --enc-pk $G1 --signing-pk "$PK" --url "http://127.0.0.1:910$i" --name "n$i"
done
read -r Q0 Q1 Q2 Q3 < <(python3 -c "
import json,sys;d=json.load(open(sys.argv[1]))['key_server_v2_committee_bcs']['value'];p=[x['partial_pk'] for x in d['partial_key_servers']];print(p[2],p[1],p[0],d['pk'])" "$V")
for i in 1 0 3 4; do
    expect 0 "propose-rotation by $i" $C propose-rotation --data "$L" --key "${KEY[$i]}" \
        --committee "$NID" --partial-pk "$Q0" --partial-pk "$Q1" --partial-pk "$Q2" \
        --partial-pk "$Q3" --messages-hash "$HASH"
done
grep -q '"state": "Finalized"' "$T/out" && grep -q "\"key_server\": \"$KS\"" "$T/out" &&
    ok "rotation finalized, same KeyServer" || bad "rotation: $(cat "$T/out")"
expect 0 "show after the rotation" $C show --data "$L" --key-server "$KS"
grep -q "\"committee\": \"$NID\"" "$T/out" && grep -q '"version": 1' "$T/out" &&
    grep -q '"threshold": 3' "$T/out" && grep -q "\"pk\": \"0x$PK\"" "$T/out" &&
    ok "version 1, threshold 3, pk kept" || bad "after rotation: $(head -c 600 "$T/out")"
expect_error 1 "the old committee is gone" $C show --data "$L" --committee "$CID"
expect 0 "update-url" $C update-url --data "$L" --key "${KEY[3]}" --committee "$NID" --url https://n3.example
expect 0 "show" $C show --data "$L" --committee "$NID"
grep -q '"url": "https://n3.example"' "$T/out" && ok "url updated" || bad "url"

# upgrade vote (threshold 3)
expect_error 1 "reject without a proposal aborts with ENoProposalForDigest" $C reject-upgrade \
    --data "$L" --key "${KEY[0]}" --committee "$NID"
grep -q "code 12" "$T/err" && ok "code 12" || bad "code 12"
for i in 1 0; do
    expect 0 "approve-upgrade $i" $C approve-upgrade --data "$L" --key "${KEY[$i]}" --committee "$NID"
done
expect_error 1 "upgrade with 2 of 3 approvals aborts with ENotEnoughVotes" $C upgrade --data "$L" \
    --key "${KEY[0]}" --committee "$NID"
grep -q "authorize_upgrade with code 13" "$T/err" && ok "code 13" || bad "code 13"
expect 0 "approve-upgrade 3" $C approve-upgrade --data "$L" --key "${KEY[3]}" --committee "$NID"
expect 0 "upgrade" $C upgrade --data "$L" --key "${KEY[4]}" --committee "$NID"
expect 0 "show the upgrade" $C show --data "$L" --committee "$NID"
grep -A3 '"upgrade"' "$T/out" | grep -q '"version": 2' && ok "cap version 2" || bad "upgrade: $(grep -A4 '"upgrade"' "$T/out")"

# usage errors
expect_error 2 "init without members" $C init --data "$L" --key "${KEY[0]}" --threshold 2
expect_error 2 "a bad committee id" $C update-url --data "$L" --key "${KEY[0]}" --committee 0xzz --url u
expect_error 2 "propose with neither --from nor values" $C propose --data "$L" --key "${KEY[0]}" --committee "$NID"
expect_error 2 "an unknown subcommand" $C frobnicate
expect_error 2 "an unknown localnet committee subcommand" "$SEAL" localnet committee frobnicate
expect 0 "help" $C --help
echo "$PASS passed, $FAIL failed"
[[ $FAIL == 0 ]]
