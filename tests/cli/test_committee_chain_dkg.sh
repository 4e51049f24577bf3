#!/usr/bin/env bash
# A real DKG and a real rotation coordinated on the embedded chain, every step through the CLI:
# init, keygen + register (3 members), create-message and process reading the committee from the
# chain (--data, --committee), propose until the committee KeyServer exists with our pk and
# partial pks; then a rotation 2-of-3 -> 3-of-4 (new order [old 1, old 0, new, new]) that keeps
# the KeyServer and its pk and moves it to version 1 with the new partial pks; and a DKG with a
# missing member that fails cleanly.
source "$(dirname "$0")/lib.sh" "$@"
SEAL=$(realpath "$SEAL")
cd "$T" || exit 1
L=$T/ledger
"$SEAL" localnet init --data "$L" >/dev/null || { bad "localnet init"; finish; }
declare -a ADDR KEY
for i in 0 1 2 3 4 5; do # 0..2 members, 3 and 4 join at the rotation, 5 the coordinator
    "$SEAL" localnet account new >"acct$i.json"
    ADDR[$i]=$(sed -n 's/.*"address": "\([^"]*\)".*/\1/p' "acct$i.json")
    KEY[$i]=$(sed -n 's/.*"private_key": "\([^"]*\)".*/\1/p' "acct$i.json")
done
jget() { sed -n "s/.*\"$1\": *\"\\([^\"]*\\)\".*/\\1/p" "$2" | head -1; }
partial_pks() { sed -n '/"partial_pks"/,/]/p' "$1" | grep -o '0x[0-9a-f]*'; }
C=("$SEAL" committee)

# ---- fresh DKG, 2-of-3 -----------------------------------------------------------------------------
expect 0 "init the committee" "${C[@]}" init --data "$L" --key "${KEY[5]}" --threshold 2 \
    --member "${ADDR[0]}" --member "${ADDR[1]}" --member "${ADDR[2]}"
CID=$(jget committee "$T/out")
for i in 0 1 2; do
    expect 0 "member $i: keygen" "${C[@]}" keygen --out "k$i.key"
    expect 0 "member $i: register" "${C[@]}" register --data "$L" --key "${KEY[$i]}" \
        --committee "$CID" --keys "k$i.key" --url "http://127.0.0.1:900$i" --name "m$i"
done
mkdir m s0 s1 s2 x
for i in 0 1 2; do
    expect 0 "member $i: create-message from the chain" "${C[@]}" create-message --keys "k$i.key" \
        --data "$L" --committee "$CID" --out-dir m
done
expect_error 2 "the committee from both the chain and a file" "${C[@]}" process --keys k0.key \
    --data "$L" --committee "$CID" --committee-file x/none.json --messages m --share-dir x
for i in 0 1 2; do
    expect 0 "member $i: process from the chain" "${C[@]}" process --keys "k$i.key" --data "$L" \
        --committee "$CID" --messages m --share-dir "s$i" --out "r$i.json"
done
for i in 0 1 2; do
    expect 0 "member $i: propose" "${C[@]}" propose --data "$L" --key "${KEY[$i]}" \
        --committee "$CID" --from "r$i.json"
done
KS=$(jget key_server "$T/out")
check "the last proposal created the KeyServer" test -n "$KS"
expect 0 "show the KeyServer" "${C[@]}" show --data "$L" --key-server "$KS"
cp "$T/out" ks0.json
PK=$(jget key_server_pk r0.json)
check "on chain: the DKG's pk" grep -q "\"pk\": \"$PK\"" ks0.json
mapfile -t PP < <(partial_pks r0.json)
for i in 0 1 2; do
    check "on chain: member $i's partial pk" grep -q "\"partial_pk\": \"${PP[$i]}\"" ks0.json
    check "member $i's share is the secret of its on-chain partial pk" \
        test "$("$SEAL" public-key --master-key "$(cat "s$i/MASTER_SHARE_V0")")" = "${PP[$i]}"
done

# ---- rotation 2-of-3 -> 3-of-4 -------------------------------------------------------------------------
expect 0 "init-rotation" "${C[@]}" init-rotation --data "$L" --key "${KEY[0]}" --key-server "$KS" \
    --threshold 3 --member "${ADDR[1]}" --member "${ADDR[0]}" --member "${ADDR[3]}" \
    --member "${ADDR[4]}"
NID=$(jget committee "$T/out")
for i in 1 0 3 4; do
    expect 0 "member $i: new keys" "${C[@]}" keygen --out "n$i.key"
    expect 0 "member $i: register in the new committee" "${C[@]}" register --data "$L" \
        --key "${KEY[$i]}" --committee "$NID" --keys "n$i.key" --url "http://127.0.0.1:910$i" \
        --name "n$i"
done
mkdir rm t0 t1 t3 t4
expect 0 "continuing member 1 (new party 0) deals its V0 share" "${C[@]}" create-message \
    --keys n1.key --data "$L" --committee "$NID" --old-share @s1/MASTER_SHARE_V0 --out-dir rm
expect 0 "continuing member 0 (new party 1) deals its V0 share" "${C[@]}" create-message \
    --keys n0.key --data "$L" --committee "$NID" --old-share @s0/MASTER_SHARE_V0 --out-dir rm
expect 0 "new member 3 sends nothing" "${C[@]}" create-message --keys n3.key --data "$L" \
    --committee "$NID" --out-dir rm
check "two rotation messages" test "$(ls rm | wc -l)" = 2
for i in 1 0 3 4; do
    expect 0 "member $i: process the rotation" "${C[@]}" process --keys "n$i.key" --data "$L" \
        --committee "$NID" --messages rm --share-dir "t$i" --out "q$i.json"
done
check "the rotation keeps the pk" test "$(jget key_server_pk q3.json)" = "$PK"
check "the rotation's shares are version 1" test -f t4/MASTER_SHARE_V1
for i in 1 0 3 4; do
    expect 0 "member $i: propose-rotation" "${C[@]}" propose-rotation --data "$L" \
        --key "${KEY[$i]}" --committee "$NID" --from "q$i.json"
done
expect 0 "show the KeyServer after the rotation" "${C[@]}" show --data "$L" --key-server "$KS"
cp "$T/out" ks1.json
check "same KeyServer, same pk, version 1, threshold 3" \
    bash -c "grep -q '\"pk\": \"$PK\"' ks1.json && grep -q '\"version\": 1' ks1.json &&
             grep -q '\"committee\": \"$NID\"' ks1.json"
mapfile -t NP < <(partial_pks q0.json)
p=0
for i in 1 0 3 4; do
    check "on chain: new party $p's partial pk is member $i's share" \
        test "$("$SEAL" public-key --master-key "$(cat "t$i/MASTER_SHARE_V1")")" = "${NP[$p]}"
    check "... and is on chain" grep -q "\"partial_pk\": \"${NP[$p]}\"" ks1.json
    p=$((p + 1))
done

# ---- a DKG with a missing member fails cleanly ---------------------------------------------------------
expect 0 "init a second committee" "${C[@]}" init --data "$L" --key "${KEY[5]}" --threshold 2 \
    --member "${ADDR[0]}" --member "${ADDR[1]}" --member "${ADDR[2]}"
C2=$(jget committee "$T/out")
expect_error 1 "create-message before everyone registered" "${C[@]}" create-message \
    --keys k0.key --data "$L" --committee "$C2" --out-dir x
check "... names the unregistered party" grep -q 'party 0 .* has not registered' "$T/err"
for i in 0 1 2; do
    expect 0 "member $i: register in the second committee" "${C[@]}" register --data "$L" \
        --key "${KEY[$i]}" --committee "$C2" --keys "k$i.key" --url "http://127.0.0.1:920$i" \
        --name "o$i"
done
mkdir m2
for i in 0 2; do
    expect 0 "member $i: create-message" "${C[@]}" create-message --keys "k$i.key" --data "$L" \
        --committee "$C2" --out-dir m2
done
expect 1 "member 1 sent nothing: process fails" "${C[@]}" process --keys k0.key --data "$L" \
    --committee "$C2" --messages m2 --share-dir x
check "... naming party 1" grep -q 'missing: party 1' "$T/err"
check "... without a share" test -z "$(ls x)"
expect_error 1 "a finalized committee has no DKG to process" "${C[@]}" process --keys n0.key \
    --data "$L" --committee "$NID" --messages rm --share-dir x
finish
