#!/usr/bin/env bash
# Decryption failures: exit status 1, one line on stderr, no plaintext anywhere (no output file,
# no temporary file left behind, nothing on stdout, an existing output file untouched).
source "$(dirname "$0")/lib.sh" "$@"

declare -a MSK PK OID USK
PKG=0x$(rand_hex 32)
ID=$(rand_hex 9)
for i in 1 2 3 4; do
    out=$("$SEAL" keygen) || bad "keygen"
    MSK[$i]=$(sed -n 's/^Master key: //p' <<<"$out")
    PK[$i]=$(sed -n 's/^Public key: //p' <<<"$out")
    OID[$i]=0x$(rand_hex 32)
    USK[$i]=$("$SEAL" extract --master-key "${MSK[$i]}" --package-id "$PKG" --id "$ID")
done
mkdir "$T/d"
head -c 3000000 /dev/urandom >"$T/pt"
for dem in aes-256-gcm hmac-256-ctr; do
    "$SEAL" encrypt --package-id "$PKG" --id "$ID" --threshold 2 --dem "$dem" --aad 0102 \
        --server "${OID[1]}:${PK[1]}" --server "${OID[2]}:${PK[2]}" --server "${OID[3]}:${PK[3]}" \
        --in "$T/pt" --out "$T/obj" || bad "encrypt $dem"
    size=$(stat -c %s "$T/obj")
    GOOD=(--key "${OID[1]}:${USK[1]}" --key "${OID[2]}:${USK[2]}")

    # refused decryptions: each must leave $T/d empty
    refuse() { # refuse DESC OBJECT ARGS...
        local desc=$1 obj=$2
        shift 2
        expect_error 1 "$dem: $desc" "$SEAL" decrypt --in "$obj" --out "$T/d/plain" "$@"
        check "$dem: $desc: no output or temporary file" test -z "$(ls -A "$T/d")"
    }
    refuse "one key for a threshold of 2" "$T/obj" --key "${OID[1]}:${USK[1]}"
    refuse "keys of servers not in the object" "$T/obj" --key "${OID[4]}:${USK[4]}" --key "0x$(rand_hex 32):${USK[1]}"
    refuse "server 1's key given as server 2's" "$T/obj" --key "${OID[1]}:${USK[1]}" --key "${OID[2]}:${USK[1]}"
    refuse "server 4's key given as server 3's" "$T/obj" "${GOOD[@]}" --key "${OID[3]}:${USK[4]}"
    refuse "a key that is not a G1 point" "$T/obj" --key "${OID[1]}:${USK[1]}" --key "${OID[2]}:$(printf '11%.0s' {1..48})"
    refuse "a key for another id" "$T/obj" --key "${OID[1]}:${USK[1]}" \
        --key "${OID[2]}:$("$SEAL" extract --master-key "${MSK[2]}" --package-id "$PKG" --id "${ID}00")"
    refuse "a wrong public key: the user key does not verify" "$T/obj" "${GOOD[@]}" \
        --public-key "${OID[1]}:${PK[1]}" --public-key "${OID[2]}:${PK[4]}" --public-key "${OID[3]}:${PK[3]}"
    for pos in 1 $((size / 2)) $((size - 40)) $((size - 1)); do
        cp "$T/obj" "$T/bad"
        flip_byte "$T/bad" "$pos"
        refuse "byte $pos of $size modified" "$T/bad" "${GOOD[@]}"
    done
    head -c $((size - 1)) "$T/obj" >"$T/bad"
    refuse "truncated by one byte" "$T/bad" "${GOOD[@]}"
    (cat "$T/obj"; printf '\0') >"$T/bad"
    refuse "one trailing byte" "$T/bad" "${GOOD[@]}"
    : >"$T/bad"
    refuse "an empty file" "$T/bad" "${GOOD[@]}"
    printf 'not an object\n' >"$T/bad"
    refuse "text that is not hex" "$T/bad" "${GOOD[@]}"

    # nothing on stdout either
    cp "$T/obj" "$T/bad"
    flip_byte "$T/bad" $((size / 2))
    "$SEAL" decrypt --in "$T/bad" "${GOOD[@]}" >"$T/stdout" 2>"$T/err"
    rc=$?
    check "$dem: refused to stdout: exit 1, no byte on stdout" bash -c "[[ $rc == 1 && ! -s '$T/stdout' ]]"
    "$SEAL" decrypt "${GOOD[@]}" <"$T/bad" >"$T/stdout" 2>"$T/err"
    rc=$?
    check "$dem: refused from stdin to stdout: exit 1, no byte on stdout" bash -c "[[ $rc == 1 && ! -s '$T/stdout' ]]"

    # an existing output file is left as it was, then replaced by a successful decryption
    echo old >"$T/d/plain"
    expect_error 1 "$dem: refused over an existing file" "$SEAL" decrypt --in "$T/bad" --out "$T/d/plain" "${GOOD[@]}"
    check "$dem: the existing file is untouched, no temporary file" bash -c "[[ \$(cat '$T/d/plain') == old && \$(ls -A '$T/d') == plain ]]"
    expect 0 "$dem: a good decryption over the existing file" "$SEAL" decrypt --in "$T/obj" --out "$T/d/plain" "${GOOD[@]}"
    check "$dem: replaced by the plaintext" cmp -s "$T/d/plain" "$T/pt"
    rm -f "$T/d/plain"
done

# inspect refuses what decrypt refuses to parse
printf 'zz' >"$T/bad"
expect_error 1 "inspect: not an object" "$SEAL" inspect "$T/bad"
head -c 100 "$T/obj" >"$T/bad"
expect_error 1 "inspect: a truncated object" "$SEAL" inspect "$T/bad"

finish
