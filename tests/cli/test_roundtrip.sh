#!/usr/bin/env bash
# Happy paths of every subcommand with fresh keys: output formats, key files with mode 0600,
# encrypt/decrypt round trips (both DEMs, AAD, weights, more keys than needed, public keys),
# binary and hex objects, files and pipes, and inspect's JSON parsed back with node.
source "$(dirname "$0")/lib.sh" "$@"
json() { # json FILE EXPR: evaluates EXPR with j = the parsed file; exit 0 when truthy
    node -e "const j=JSON.parse(require('fs').readFileSync(process.argv[1],'utf8'));process.exit(($2)?0:1)" "$1"
}

# ---- keygen / public-key / derive-key / extract / verify-key ----
expect 0 "keygen" "$SEAL" keygen &&
    check "keygen prints two labelled hex lines" \
        bash -c "[[ \$(wc -l <'$T/out') == 2 ]] && grep -Eq '^Master key: 0x[0-9a-f]{64}$' '$T/out' && grep -Eq '^Public key: 0x[0-9a-f]{192}$' '$T/out'"
declare -a MSK PK OID
for i in 1 2 3; do
    "$SEAL" keygen --json >"$T/k$i" || bad "keygen --json $i"
    MSK[$i]=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$T/k$i','utf8')).master_key)")
    PK[$i]=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$T/k$i','utf8')).public_key)")
    OID[$i]=0x$(rand_hex 32)
    check "keygen --json $i: public-key of its master key is its public key" \
        test "$("$SEAL" public-key --master-key "${MSK[$i]}")" = "${PK[$i]}"
done
check "three keygens give three different keys" \
    bash -c "[[ '${MSK[1]}' != '${MSK[2]}' && '${MSK[2]}' != '${MSK[3]}' ]]"
umask 022
expect 0 "keygen --out" "$SEAL" keygen --out "$T/kfile" &&
    check "keygen --out: mode 0600, nothing on stdout" bash -c "[[ \$(stat -c %a '$T/kfile') == 600 && ! -s '$T/out' ]]"
expect 0 "derive-key --out" "$SEAL" derive-key --seed "$(rand_hex 32)" --index 7 --out "$T/dfile" &&
    check "derive-key --out: mode 0600" test "$(mode_of "$T/dfile")" = 600

PKG=0x$(rand_hex 32)
ID=$(rand_hex 16)
expect 0 "extract" "$SEAL" extract --master-key "${MSK[1]}" --package-id "$PKG" --id "$ID" &&
    check "extract prints only the key: one line, 0x + 96 hex digits" \
        bash -c "[[ \$(wc -l <'$T/out') == 1 ]] && grep -Eq '^0x[0-9a-f]{96}$' '$T/out' && [[ ! -s '$T/err' ]]"
declare -a USK
for i in 1 2 3; do USK[$i]=$("$SEAL" extract --master-key "${MSK[$i]}" --package-id "$PKG" --id "$ID"); done
expect 0 "extract --out" "$SEAL" extract --master-key "${MSK[1]}" --package-id "$PKG" --id "0x$ID" --out "$T/ufile" &&
    check "extract --out: mode 0600, same key" bash -c "[[ \$(stat -c %a '$T/ufile') == 600 && \$(cat '$T/ufile') == '${USK[1]}' ]]"
expect 0 "verify-key: a valid key" "$SEAL" verify-key --package-id "$PKG" --id "$ID" --user-secret-key "${USK[1]}" --public-key "${PK[1]}"
expect 1 "verify-key: another server's public key" "$SEAL" verify-key --package-id "$PKG" --id "$ID" --user-secret-key "${USK[1]}" --public-key "${PK[2]}"
expect 1 "verify-key: another id" "$SEAL" verify-key --package-id "$PKG" --id "${ID}00" --user-secret-key "${USK[1]}" --public-key "${PK[1]}"
expect 1 "verify-key: another package" "$SEAL" verify-key --package-id "0x$(rand_hex 32)" --id "$ID" --user-secret-key "${USK[1]}" --public-key "${PK[1]}"
expect 1 "verify-key: a user key that is not a G1 point" "$SEAL" verify-key --package-id "$PKG" --id "$ID" --user-secret-key "$(printf '11%.0s' {1..48})" --public-key "${PK[1]}"
SHORT=$("$SEAL" extract --master-key "${MSK[1]}" --package-id 0x2 --id "$ID")
LONG=$("$SEAL" extract --master-key "${MSK[1]}" --package-id "0x$(printf '0%.0s' {1..63})2" --id "$ID")
check "extract: a short package id is the zero-padded one" test "$SHORT" = "$LONG"
E1=$("$SEAL" extract --master-key "${MSK[1]}" --package-id "$PKG" --id "")
E2=$("$SEAL" extract --master-key "${MSK[1]}" --package-id "$PKG" --id 0x)
check "extract: empty id given as '' and as 0x" bash -c "[[ -n '$E1' && '$E1' == '$E2' && '$E1' != '${USK[1]}' ]]"

# ---- encrypt / decrypt ----
SRV=(--server "${OID[1]}:${PK[1]}" --server "${OID[2]}:${PK[2]}" --server "${OID[3]}:${PK[3]}")
K1=(--key "${OID[1]}:${USK[1]}")
K2=(--key "${OID[2]}:${USK[2]}")
K3=(--key "${OID[3]}:${USK[3]}")
PKS=(--public-key "${OID[1]}:${PK[1]}" --public-key "${OID[2]}:${PK[2]}" --public-key "${OID[3]}:${PK[3]}")
head -c 100000 /dev/urandom >"$T/pt"
AAD=$(rand_hex 20)
for dem in aes-256-gcm hmac-256-ctr; do
    rm -f "$T/obj" "$T/dec"
    expect 0 "encrypt 2-of-3 $dem with AAD" "$SEAL" encrypt --package-id "$PKG" --id "$ID" --threshold 2 "${SRV[@]}" \
        --dem "$dem" --aad "$AAD" --in "$T/pt" --out "$T/obj" --symmetric-key-out "$T/sym" &&
        check "$dem: nothing on stdout, object mode from the umask (644), key file 0600 with 0x + 64 hex" \
            bash -c "[[ ! -s '$T/out' && \$(stat -c %a '$T/obj') == 644 && \$(stat -c %a '$T/sym') == 600 ]] && grep -Eqx '0x[0-9a-f]{64}' '$T/sym'"
    expect 0 "$dem: decrypt with keys 1 and 3" "$SEAL" decrypt --in "$T/obj" --out "$T/dec" "${K1[@]}" "${K3[@]}" &&
        check "$dem: plaintext matches, file mode 0600" bash -c "cmp -s '$T/dec' '$T/pt' && [[ \$(stat -c %a '$T/dec') == 600 ]]"
    expect 0 "$dem: decrypt with keys 3 and 2, all public keys" "$SEAL" decrypt --in "$T/obj" --out "$T/dec" "${K3[@]}" "${K2[@]}" "${PKS[@]}" &&
        check "$dem: plaintext matches (consistency checked)" cmp -s "$T/dec" "$T/pt"
    expect 0 "$dem: decrypt with all three keys" "$SEAL" decrypt --in "$T/obj" "${K1[@]}" "${K2[@]}" "${K3[@]}" &&
        check "$dem: plaintext matches (3 keys, stdout)" cmp -s "$T/out" "$T/pt"
    expect 0 "$dem: inspect" "$SEAL" inspect "$T/obj" &&
        check "$dem: inspect JSON has the requested fields" json "$T/out" \
            "j.version===0 && j.package_id==='$PKG' && j.id==='0x$ID' && j.threshold===2 &&
             j.services.map(s=>s.object_id+'#'+s.index).join()==='${OID[1]}#1,${OID[2]}#2,${OID[3]}#3' &&
             j.encrypted_shares.type==='BonehFranklinBLS12381' && j.encrypted_shares.encrypted_shares.length===3 &&
             /^0x[0-9a-f]{192}$/.test(j.encrypted_shares.nonce) && /^0x[0-9a-f]{64}$/.test(j.encrypted_shares.encrypted_randomness) &&
             j.ciphertext.type===('$dem'==='aes-256-gcm'?'Aes256Gcm':'Hmac256Ctr') && j.ciphertext.aad==='0x$AAD' &&
             j.ciphertext.blob.length===2+2*(100000+('$dem'==='aes-256-gcm'?16:0)) &&
             ('$dem'==='aes-256-gcm' || /^0x[0-9a-f]{64}$/.test(j.ciphertext.mac)) && j.size===$(stat -c %s "$T/obj")"
done

# hex objects, pipes, empty plaintext, default DEM, no AAD
rm -f "$T/obj.hex"
expect 0 "encrypt --hex from a file" "$SEAL" encrypt --package-id "$PKG" --id "$ID" --threshold 1 "${SRV[@]}" --in "$T/pt" --out "$T/obj.hex" --hex &&
    check "--hex writes one line of lowercase hex" bash -c "[[ \$(wc -l <'$T/obj.hex') == 1 ]] && grep -Eqx '[0-9a-f]+' '$T/obj.hex'"
expect 0 "decrypt a hex object from a file" "$SEAL" decrypt --in "$T/obj.hex" "${K2[@]}" && check "hex object: plaintext matches" cmp -s "$T/out" "$T/pt"
"$SEAL" decrypt "${K3[@]}" <"$T/obj.hex" >"$T/dec2" 2>"$T/err"
check "decrypt a hex object from stdin to stdout" bash -c "[[ $? == 0 ]] && cmp -s '$T/dec2' '$T/pt'"
(printf '0x'; cat "$T/obj.hex") >"$T/obj0x.hex"
expect 0 "decrypt a 0x-prefixed hex object" "$SEAL" decrypt --in "$T/obj0x.hex" "${K1[@]}" && check "0x hex object: plaintext matches" cmp -s "$T/out" "$T/pt"
fold -w 64 "$T/obj.hex" | sed 's/$/\r/' >"$T/obj.folded"
expect 0 "decrypt a hex object in 64-column CRLF lines" "$SEAL" decrypt --in "$T/obj.folded" "${K2[@]}" &&
    check "folded hex object: plaintext matches" cmp -s "$T/out" "$T/pt"
(cat "$T/obj.hex"; echo 0) >"$T/obj.odd"
expect_error 1 "decrypt: hex text with an odd number of digits" "$SEAL" decrypt --in "$T/obj.odd" "${K2[@]}"
expect 0 "inspect a hex object from stdin" bash -c "'$SEAL' inspect - <'$T/obj.hex'" && check "inspect from stdin: threshold 1" json "$T/out" "j.threshold===1 && j.ciphertext.type==='Aes256Gcm' && j.ciphertext.aad==='0x'"
cat "$T/pt" | "$SEAL" encrypt --package-id "$PKG" --id "$ID" --threshold 3 "${SRV[@]}" --dem hmac-256-ctr >"$T/obj.pipe" 2>"$T/err"
check "encrypt from stdin to stdout (3-of-3 HMAC)" bash -c "[[ $? == 0 && -s '$T/obj.pipe' ]]"
cat "$T/obj.pipe" | "$SEAL" decrypt "${K1[@]}" "${K2[@]}" "${K3[@]}" --in - --out - >"$T/dec3" 2>"$T/err"
check "decrypt from stdin to stdout" bash -c "[[ $? == 0 ]] && cmp -s '$T/dec3' '$T/pt'"
: >"$T/empty"
expect 0 "encrypt an empty plaintext" "$SEAL" encrypt --package-id "$PKG" --id "" --threshold 2 "${SRV[@]}" --in "$T/empty" --out "$T/obj.empty"
E=(--key "${OID[1]}:$E1" --key "${OID[2]}:$("$SEAL" extract --master-key "${MSK[2]}" --package-id "$PKG" --id "")")
rm -f "$T/dec.empty"
expect 0 "decrypt an empty plaintext (empty id)" "$SEAL" decrypt --in "$T/obj.empty" --out "$T/dec.empty" "${E[@]}" &&
    check "empty plaintext: an empty file" bash -c "[[ -f '$T/dec.empty' && ! -s '$T/dec.empty' ]]"
"$SEAL" encrypt --package-id "$PKG" --id "$ID" --threshold 2 "${SRV[@]}" --in "$T/empty" --out "$T/obj.e2"
check "two encryptions of the same input differ" bash -c "! cmp -s '$T/obj.empty' '$T/obj.e2'"

# weights: a server of weight 2 holds two shares
expect 0 "encrypt weighted (2,1), threshold 2" "$SEAL" encrypt --package-id "$PKG" --id "$ID" --threshold 2 \
    --server "${OID[1]}:${PK[1]}:2" --server "${OID[2]}:${PK[2]}" --in "$T/pt" --out "$T/obj.w"
expect 0 "inspect weighted" "$SEAL" inspect "$T/obj.w" &&
    check "weighted: services are 1,1,2 with indices 1,2,3" json "$T/out" \
        "j.services.map(s=>s.object_id+'#'+s.index).join()==='${OID[1]}#1,${OID[1]}#2,${OID[2]}#3'"
expect 0 "weighted: the weight-2 server alone decrypts" "$SEAL" decrypt --in "$T/obj.w" "${K1[@]}" && check "weighted: plaintext matches" cmp -s "$T/out" "$T/pt"
expect_error 1 "weighted: the weight-1 server alone does not" "$SEAL" decrypt --in "$T/obj.w" "${K2[@]}"
expect 0 "weighted: with public keys" "$SEAL" decrypt --in "$T/obj.w" "${K1[@]}" "${K2[@]}" --public-key "${OID[1]}:${PK[1]}" --public-key "${OID[2]}:${PK[2]}" &&
    check "weighted + consistency: plaintext matches" cmp -s "$T/out" "$T/pt"
expect 0 "keys for servers not in the object are ignored" "$SEAL" decrypt --in "$T/obj.w" "${K1[@]}" "${K3[@]}" &&
    check "extra key: plaintext matches" cmp -s "$T/out" "$T/pt"

finish
