#!/usr/bin/env bash
# The CLI against the official vectors: key derivation (upstream regression), user-key
# verification cases, and every object the official SDK encrypted (tests/vectors/sdk):
# public-key and extract reproduce the vectors' keys, decrypt returns the vectors' plaintexts
# (from binary and hex, with and without public keys), and the SDK's negative cases fail
# (exit 1, no output file) where the SDK fails.
source "$(dirname "$0")/lib.sh" "$@"
VEC="node $(dirname "$0")/vectors.mjs $VECTORS"

# ---- derive-key: upstream regression ----
IFS='|' read -r seed index msk < <($VEC derive)
expect 0 "derive-key --seed 01.. --index $index" "$SEAL" derive-key --seed "$seed" --index "$index" &&
    check "derive-key reproduces the upstream master key" grep -qx "Master key: 0x$msk" "$T/out"
expect 0 "derive-key --json" "$SEAL" derive-key --seed "0x$seed" --index "$index" --json &&
    check "derive-key --json holds the same master key" grep -q "\"master_key\": \"0x$msk\"" "$T/out"

# ---- verify-key: upstream cases ----
n=0
while IFS='|' read -r pk usk full valid; do
    n=$((n + 1))
    want=1
    [[ $valid == true ]] && want=0
    expect "$want" "verify-key case $n (valid=$valid)" "$SEAL" verify-key --package-id "0x${full:0:64}" \
        --id "${full:64}" --user-secret-key "$usk" --public-key "$pk"
done < <($VEC verify)

# ---- objects made by the official SDK ----
declare -A PKC USKC
while IFS='|' read -r name threshold obj plain pkg id servers; do
    printf '%s' "$obj" >"$T/obj.hex"
    printf '%s' "$obj" | hex2bin >"$T/obj.bin"
    printf '%s' "$plain" | hex2bin >"$T/plain"
    keys=()
    pks=()
    IFS=';' read -ra list <<<"$servers"
    good=1
    i=0
    for s in "${list[@]}"; do
        IFS=',' read -r oid smsk spk sdk weight <<<"$s"
        # the vectors of a file share their servers and identity: derive each key once
        [[ -n ${PKC[$smsk]:-} ]] || PKC[$smsk]=$("$SEAL" public-key --master-key "$smsk")
        [[ -n ${USKC[$smsk$pkg$id]:-} ]] || USKC[$smsk$pkg$id]=$("$SEAL" extract --master-key "$smsk" --package-id "$pkg" --id "$id")
        [[ ${PKC[$smsk]} == "0x$spk" && ${USKC[$smsk$pkg$id]} == "0x$sdk" ]] || good=0
        pks+=(--public-key "$oid:$spk")
        # keys of the last servers first, as many as the vector's threshold needs (weights vary)
        keys=(--key "$oid:$sdk" "${keys[@]}")
        i=$((i + 1))
    done
    check "$name: public-key and extract reproduce the SDK's pk and derived keys" test $good = 1
    rm -f "$T/dec"
    expect 0 "$name: decrypt binary with all keys" "$SEAL" decrypt --in "$T/obj.bin" --out "$T/dec" "${keys[@]}" &&
        check "$name: plaintext matches" cmp -s "$T/dec" "$T/plain"
    expect 0 "$name: decrypt hex with public keys (consistency check)" "$SEAL" decrypt --in "$T/obj.hex" "${keys[@]}" "${pks[@]}" &&
        check "$name: plaintext matches (hex, stdout)" cmp -s "$T/out" "$T/plain"
    # threshold keys only (first ones listed: the last servers)
    tkeys=("${keys[@]:0:$((2 * threshold))}")
    expect 0 "$name: decrypt with the first $threshold key(s) listed" "$SEAL" decrypt --in "$T/obj.bin" "${tkeys[@]}" &&
        check "$name: plaintext matches ($threshold keys)" cmp -s "$T/out" "$T/plain"
    expect 0 "$name: inspect" "$SEAL" inspect "$T/obj.bin" &&
        check "$name: inspect shows threshold, package and id" \
            bash -c "grep -q '\"threshold\": $threshold,' '$T/out' && grep -q '\"package_id\": \"$pkg\"' '$T/out' && grep -q '\"id\": \"0x$id\"' '$T/out'"
done < <($VEC objects)

# ---- the SDK's negative cases ----
while IFS='|' read -r name obj keylist consistency le sdk_ok plain pklist; do
    # Not reproducible here: the wrong key of wrong_derived_key is not in the file, and the CLI
    # has no option for little-endian randomness (an old-SDK bug the library supports).
    [[ $name == wrong_derived_key || $le == true ]] && continue
    printf '%s' "$obj" | hex2bin >"$T/neg.bin"
    args=()
    IFS=',' read -ra ks <<<"$keylist"
    for k in "${ks[@]}"; do args+=(--key "$k"); done
    if [[ $consistency == true ]]; then
        IFS=',' read -ra ps <<<"$pklist"
        for p in "${ps[@]}"; do args+=(--public-key "$p"); done
    fi
    want_ok=$sdk_ok
    # Stricter than the TS SDK, like the Rust crate: version 1 and trailing bytes are rejected.
    [[ $name == version_1 || $name == trailing_garbage ]] && want_ok=false
    # The Plain variant carries no payload: the CLI returns the 32-byte key, as the Rust crate.
    [[ $name == plain_ciphertext ]] && want_ok=plain
    rm -f "$T/dec"
    run "$SEAL" decrypt --in "$T/neg.bin" --out "$T/dec" "${args[@]}"
    case $want_ok in
    true)
        printf '%s' "$plain" | hex2bin >"$T/plain"
        check "negative/$name (consistency=$consistency): decrypts as the SDK does" \
            bash -c "[[ $RC == 0 ]] && cmp -s '$T/dec' '$T/plain'"
        ;;
    plain)
        check "negative/$name: Plain object yields the 32-byte key" \
            bash -c "[[ $RC == 0 && \$(stat -c %s '$T/dec') == 32 ]]"
        ;;
    false)
        check "negative/$name (consistency=$consistency): refused with exit 1, one stderr line, no output file ($(head -1 "$T/err"))" \
            bash -c "[[ $RC == 1 && \$(wc -l <'$T/err') == 1 && ! -e '$T/dec' ]]"
        ;;
    esac
done < <($VEC negative)

finish
