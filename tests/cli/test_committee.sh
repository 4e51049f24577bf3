#!/usr/bin/env bash
# seal committee, a member's off-chain steps: keygen, create-message, process (a 2-of-3 DKG, then
# a rotation to 3-of-4 that keeps the public key), and the refusals (missing, duplicate or
# tampered messages, wrong keys, old-share rules, secret files readable by others).
source "$(dirname "$0")/lib.sh" "$@"
SEAL=$(realpath "$SEAL")
cd "$T" || exit 1

# keys_of N: the public keys printed by keygen into pkN.txt
for i in 0 1 2 3 4; do
    expect 0 "keygen member $i" "$SEAL" committee keygen --out "k$i.key" && cp "$T/out" "pk$i.txt"
done
check "the key file has mode 0600" test "$(mode_of k0.key)" = 600
check "keygen prints enc_pk and signing_pk" grep -q '^signing_pk: 0x' pk0.txt
cp k0.key k0.orig
expect_error 3 "keygen keeps an existing key file" "$SEAL" committee keygen --out k0.key
check "the existing key file is unchanged" cmp -s k0.key k0.orig

# show_json ID THRESHOLD OLD_COMMITTEE MEMBER...: a committee as `seal committee show` prints it
# (members by party id; member k has address 0x..(k+1)), without the closing brace.
show_json() {
    local id=$1 t=$2 old=$3 infos="" mem="" k e s a
    shift 3
    for k in "$@"; do
        e=$(sed -n 's/^enc_pk: //p' "pk$k.txt")
        s=$(sed -n 's/^signing_pk: //p' "pk$k.txt")
        a=0x$(printf '%064x' $((k + 1)))
        mem="$mem${mem:+,}\"$a\""
        infos="$infos${infos:+,}{\"address\":\"$a\",\"party_id\":0,\"enc_pk\":\"$e\",\"signing_pk\":\"$s\"}"
    done
    printf '{"committee":"%s","threshold":%s,"state":"Init","members":[%s],"members_info":[%s],"old_committee":%s' \
        "$id" "$t" "$mem" "$infos" "$old"
}
# field FILE KEY: a string field of a process result
field() {
    sed -n "s/^  \"$2\": \"\\(.*\\)\",\$/\\1/p" "$1"
}
partial_pks() {
    sed -n '/"partial_pks"/,/]/p' "$1" | grep -o '0x[0-9a-f]*'
}
share_of() {
    cat "$1"
}

# ---- a fresh 2-of-3 DKG --------------------------------------------------------------------------
C=0x454c9cf3cb14caec4ccc6b90170f7af4c508af87c4d047085353d4b4d79fee85
{ show_json "$C" 2 null 0 1 2; echo '}'; } >c.json
mkdir m
for i in 0 1 2; do
    expect 0 "create-message member $i" "$SEAL" committee create-message --keys "k$i.key" \
        --committee-file c.json --out-dir m
done
check "three message files, upstream's pretty JSON" \
    bash -c "ls m | wc -l | grep -qx 3 && head -c 16 m/message_1.json | grep -q '^  \"message\": \"' "
mkdir s0 s1 s2 s3 s4 n0 n1 n3 n4 x
for i in 0 1 2; do
    expect 0 "process member $i" "$SEAL" committee process --keys "k$i.key" --committee-file c.json \
        --messages m --share-dir "s$i" --out "r$i.json"
done
check "the share files have mode 0600" test "$(mode_of s0/MASTER_SHARE_V0)$(mode_of s2/MASTER_SHARE_V0)" = 600600
check "the share file is 0x and 64 hex digits" grep -qx '0x[0-9a-f]\{64\}' s1/MASTER_SHARE_V0
check "every member computed the same pk, partial pks and messages_hash" \
    bash -c "grep -q key_server_pk r0.json &&
             diff <(grep -v -e party -e share_file r0.json) <(grep -v -e party -e share_file r1.json) &&
             diff <(grep -v -e party -e share_file r0.json) <(grep -v -e party -e share_file r2.json)"
PK=$(field r0.json key_server_pk)
mapfile -t PP < <(partial_pks r0.json)
for i in 0 1 2; do
    check "member $i's share is the secret of partial pk $i" \
        test "$("$SEAL" public-key --master-key "$(share_of "s$i/MASTER_SHARE_V0")")" = "${PP[$i]}"
done
check "the members' shares are different" bash -c "! cmp -s s0/MASTER_SHARE_V0 s1/MASTER_SHARE_V0"

# ---- refusals ----------------------------------------------------------------------------------------
expect_error 3 "process keeps an existing share file" "$SEAL" committee process --keys k0.key \
    --committee-file c.json --messages m --share-dir s0
mkdir m2 && cp m/message_0.json m/message_2.json m2/
expect 1 "a missing member fails" "$SEAL" committee process --keys k0.key --committee-file c.json \
    --messages m2 --share-dir x
check "... naming the missing party" grep -q 'missing: party 1' "$T/err"
check "... and writing no share" test -z "$(ls x)"
cp m/message_0.json m2/dup.json && cp m/message_1.json m2/
expect 1 "a duplicate message fails" "$SEAL" committee process --keys k0.key --committee-file c.json \
    --messages m2 --share-dir x
check "... naming the party" grep -q 'duplicate DKG message from party 0' "$T/err"
rm m2/dup.json
# One hex digit changed inside the ciphertexts of message 2 (byte 300 of 698): it still parses,
# but its signature no longer verifies.
perl -0777 -pi -e 'substr($_, 16 + 600, 1) =~ tr/0-9a-f/1-9a-f0/' m2/message_2.json
check "the message file changed" bash -c "! cmp -s m/message_2.json m2/message_2.json"
expect 1 "a tampered message fails" "$SEAL" committee process --keys k0.key --committee-file c.json \
    --messages m2 --share-dir x
check "... with a bad signature of party 2" grep -q 'bad signature: party 2' "$T/err"
printf '{"message": "00zz"}' >m2/message_2.json
expect_error 1 "a message file that is not hex" "$SEAL" committee process --keys k0.key \
    --committee-file c.json --messages m2 --share-dir x
expect_error 1 "keys of no member" "$SEAL" committee process --keys k3.key --committee-file c.json \
    --messages m --share-dir x
cp k0.key kopen.key && chmod 644 kopen.key
expect_error 3 "a key file readable by others" "$SEAL" committee process --keys kopen.key \
    --committee-file c.json --messages m --share-dir x
check "... says to chmod it" grep -q 'chmod 600' "$T/err"
expect_error 1 "an old share in a fresh DKG" "$SEAL" committee create-message --keys k0.key \
    --committee-file c.json --old-share @s0/MASTER_SHARE_V0 --out-dir m2
{ show_json "$C" 2 null 0 1; echo '}'; } >c2.json
sed -i 's/"members_info":\[\({[^}]*}\),{[^}]*}\]/"members_info":[\1]/' c2.json
expect_error 3 "a member that has not registered" "$SEAL" committee create-message --keys k0.key \
    --committee-file c2.json --out-dir m2
expect_error 1 "verify-complaint: a complaint that does not parse" "$SEAL" committee verify-complaint \
    --committee-file c.json --accuser 1 --message m/message_0.json \
    --complaint "0000$(printf 'a%.0s' {1..352})"

# ---- rotation 2-of-3 -> 3-of-4: new parties = old 1, old 0, new member 3, new member 4 ---------------
ks=""
for i in 0 1 2; do ks="$ks${ks:+,}{\"party_id\":$i,\"name\":\"m$i\",\"url\":\"http://x\",\"partial_pk\":\"${PP[$i]}\"}"; done
{ show_json "$C" 2 null 0 1 2
  echo ",\"key_server\":{\"id\":\"0x99\",\"pk\":\"$PK\",\"version\":0,\"threshold\":2,\"partial_key_servers\":[$ks]}}"; } >old.json
N=0x4444444444444444444444444444444444444444444444444444444444444444
{ show_json "$N" 3 "\"$C\"" 1 0 3 4; echo '}'; } >new.json
R=(--committee-file new.json --old-committee-file old.json)
mkdir rm
expect_error 2 "a rotation needs the old committee" "$SEAL" committee create-message --keys k1.key \
    --committee-file new.json --out-dir rm
expect_error 1 "a continuing member needs its old share" "$SEAL" committee create-message \
    --keys k1.key "${R[@]}" --out-dir rm
expect_error 1 "another member's old share is refused" "$SEAL" committee create-message \
    --keys k1.key "${R[@]}" --old-share @s0/MASTER_SHARE_V0 --out-dir rm
expect 0 "continuing member (old 1, new 0) deals its share" "$SEAL" committee create-message \
    --keys k1.key "${R[@]}" --old-share @s1/MASTER_SHARE_V0 --out-dir rm
expect 0 "continuing member (old 0, new 1) deals its share (hex)" "$SEAL" committee create-message \
    --keys k0.key "${R[@]}" --old-share "$(share_of s0/MASTER_SHARE_V0)" --out-dir rm
expect 0 "a new member sends nothing" "$SEAL" committee create-message --keys k3.key "${R[@]}" \
    --out-dir rm
check "... and says so" grep -q 'new member of this rotation' "$T/out"
check "two messages" bash -c "ls rm | wc -l | grep -qx 2"
for i in 1 0 3 4; do
    expect 0 "rotation: process member $i" "$SEAL" committee process --keys "k$i.key" "${R[@]}" \
        --messages rm --share-dir "n$i" --out "n$i.json"
done
check "the new shares are version 1" grep -qx '0x[0-9a-f]\{64\}' n3/MASTER_SHARE_V1
check "the pk is unchanged" test "$(field n3.json key_server_pk)" = "$PK"
mapfile -t NP < <(partial_pks n4.json)
check "four new partial pks" test "${#NP[@]}" = 4
p=0
for i in 1 0 3 4; do
    check "new member $i's share is the secret of new partial pk $p" \
        test "$("$SEAL" public-key --master-key "$(share_of "n$i/MASTER_SHARE_V1")")" = "${NP[$p]}"
    p=$((p + 1))
done
mkdir rm3 && cp rm/message_0.json rm3/
expect 1 "rotation with fewer messages than the old threshold" "$SEAL" committee process \
    --keys k3.key "${R[@]}" --messages rm3 --share-dir x
check "... says how many are needed" grep -q 'requires exactly 2 messages' "$T/err"

expect 0 "seal committee --help" "$SEAL" committee --help
check "... lists the off-chain steps" grep -q 'create-message' "$T/out"
expect_error 2 "an unknown subcommand" "$SEAL" committee frobnicate
finish
