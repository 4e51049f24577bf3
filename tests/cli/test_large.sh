#!/usr/bin/env bash
# Streaming: a 1 GiB plaintext (AES-256-GCM) and a 64 MiB one (HMAC-256-CTR) go through
# encrypt and decrypt with a resident set under 64 MiB, and a corrupted large object leaves no
# partial plaintext. Under sanitizers (SEAL_TEST_SANITIZE=1) the memory bound is meaningless
# (shadow memory), so the sizes shrink to 64 MiB and 8 MiB and only correctness is checked.
# SEAL_LARGE_MIB overrides the large size.
source "$(dirname "$0")/lib.sh" "$@"

SAN=${SEAL_TEST_SANITIZE:-0}
BIG=${SEAL_LARGE_MIB:-1024}
MID=64
[[ $SAN == 1 ]] && BIG=${SEAL_LARGE_MIB:-64} && MID=8
LIMIT_KB=$((64 * 1024))

# max_rss CMD...: runs CMD (stdout/stderr to $T/out, $T/err); sets RC and RSS_KB (peak RSS).
max_rss() {
    if [[ -x /usr/bin/time ]]; then
        /usr/bin/time -f '%M' -o "$T/rss" "$@" >"$T/out" 2>"$T/err"
        RC=$?
        RSS_KB=$(tail -1 "$T/rss")
    else # poll the high-water mark while it runs
        "$@" >"$T/out" 2>"$T/err" &
        local pid=$! hwm=0 v
        while kill -0 "$pid" 2>/dev/null; do
            v=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null)
            [[ -n $v && $v -gt $hwm ]] && hwm=$v
            sleep 0.02
        done
        wait "$pid"
        RC=$?
        RSS_KB=$hwm
    fi
}

roundtrip() { # roundtrip DEM MIB
    local dem=$1 mib=$2
    rm -f "$T/pt" "$T/obj" "$T/dec"
    # sparse file with random bytes at both ends (cheap to make, still checks every block)
    truncate -s "${mib}M" "$T/pt"
    head -c 1048576 /dev/urandom | dd of="$T/pt" conv=notrunc status=none
    head -c 1048576 /dev/urandom | dd of="$T/pt" bs=1M seek=$((mib - 1)) conv=notrunc status=none
    local t0=$SECONDS
    max_rss "$SEAL" encrypt --package-id "$PKG" --id "$ID" --threshold 2 --dem "$dem" \
        --server "$O1:$PK1" --server "$O2:$PK2" --in "$T/pt" --out "$T/obj"
    check "$dem $mib MiB: encrypt succeeds (exit $RC, $((SECONDS - t0)) s)" test "$RC" = 0
    [[ $SAN == 1 ]] || check "$dem $mib MiB: encrypt peak RSS ${RSS_KB} KiB < 64 MiB" test "$RSS_KB" -lt "$LIMIT_KB"
    check "$dem $mib MiB: object size" test "$(stat -c %s "$T/obj")" -gt $((mib * 1048576))
    t0=$SECONDS
    max_rss "$SEAL" decrypt --in "$T/obj" --out "$T/dec" --key "$O1:$U1" --key "$O2:$U2"
    check "$dem $mib MiB: decrypt succeeds (exit $RC, $((SECONDS - t0)) s)" test "$RC" = 0
    [[ $SAN == 1 ]] || check "$dem $mib MiB: decrypt peak RSS ${RSS_KB} KiB < 64 MiB" test "$RSS_KB" -lt "$LIMIT_KB"
    check "$dem $mib MiB: plaintext matches" cmp -s "$T/pt" "$T/dec"
    rm -f "$T/dec"
    if [[ $mib -ge 512 ]]; then
        # interrupted (SIGTERM) while decrypting: the temporary output file is removed
        "$SEAL" decrypt --in "$T/obj" --out "$T/dec" --key "$O1:$U1" --key "$O2:$U2" 2>"$T/err" &
        local pid=$! seen=0 i
        for i in $(seq 1 500); do
            if ls -A "$T" | grep -q '^\.dec\.'; then
                seen=1
                break
            fi
            sleep 0.01
        done
        kill -TERM "$pid" 2>/dev/null
        wait "$pid"
        local rc=$?
        check "$dem $mib MiB: SIGTERM during decrypt (exit $rc): no output, temporary file removed" \
            bash -c "[[ $seen == 1 && $rc == 143 && ! -e '$T/dec' && \$(ls -A '$T' | grep -c '^\.dec') == 0 ]]"
    fi
    # corrupt a byte near the end: authentication fails after the whole blob was read
    local size
    size=$(stat -c %s "$T/obj")
    flip_byte "$T/obj" $((size - 100))
    max_rss "$SEAL" decrypt --in "$T/obj" --out "$T/dec" --key "$O1:$U1" --key "$O2:$U2"
    check "$dem $mib MiB: corrupted object refused (exit $RC), no partial plaintext" \
        bash -c "[[ $RC == 1 && ! -e '$T/dec' && \$(ls -A '$T' | grep -c '^\.dec') == 0 ]]"
    rm -f "$T/pt" "$T/obj" "$T/dec"
}

PKG=0x$(rand_hex 32)
ID=$(rand_hex 8)
O1=0x$(rand_hex 32)
O2=0x$(rand_hex 32)
k1=$("$SEAL" keygen --json) && k2=$("$SEAL" keygen --json) || bad "keygen"
M1=$(sed 's/.*"master_key": "\([^"]*\)".*/\1/' <<<"$k1")
PK1=$(sed 's/.*"public_key": "\([^"]*\)".*/\1/' <<<"$k1")
M2=$(sed 's/.*"master_key": "\([^"]*\)".*/\1/' <<<"$k2")
PK2=$(sed 's/.*"public_key": "\([^"]*\)".*/\1/' <<<"$k2")
U1=$("$SEAL" extract --master-key "$M1" --package-id "$PKG" --id "$ID")
U2=$("$SEAL" extract --master-key "$M2" --package-id "$PKG" --id "$ID")

roundtrip aes-256-gcm "$BIG"
roundtrip hmac-256-ctr "$MID"

finish
