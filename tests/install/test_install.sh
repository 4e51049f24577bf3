#!/usr/bin/env bash
# The library as users get it: installed from the build tree into a temporary prefix
# (cmake --install, components runtime and development), every installed header compiles on
# its own, the examples (examples/) build against the installed copy with pkg-config and with
# CMake's find_package(Seal CONFIG), link libseal.so.0 from the prefix, and work: verify_key
# on the upstream cases; on a local chain with three key servers, encrypt_policy encrypts for an
# allowlist, the CLI and decrypt_session decrypt (Bob), decrypt_session is denied (Carol) and
# decrypts what the CLI encrypted.
# usage: test_install.sh BUILD_DIR SOURCE_DIR SEAL_BINARY
set -uo pipefail
BUILD=$1
SRC=$2
SEAL=$3
T=$(mktemp -d)
source "$SRC/tests/client/loopback.sh"
source "$SRC/tests/install/lib.sh"
expect() { # CODE DESC COMMAND... (stdout in $T/out, stderr in $T/err)
    local want=$1 d=$2 rc
    shift 2
    "$@" >"$T/out" 2>"$T/err"
    rc=$?
    if [[ $rc == "$want" ]]; then ok "$d"; else bad "$d (exit $rc, want $want)"; head -5 "$T/err"; fi
}

P=$T/prefix
for c in runtime development; do
    check "cmake --install --component $c" cmake --install "$BUILD" --prefix "$P" --component "$c"
done
check "libseal.so.0 (SONAME) and the development symlink" \
    bash -c "readelf -d '$P/lib/libseal.so.0' | grep -q 'Library soname: \[libseal.so.0\]' && [[ \$(readlink '$P/lib/libseal.so') == libseal.so.0 ]]"
check "headers, seal.pc, the CMake package, libseal.a" \
    test -f "$P/include/seal/seal.h" -a -f "$P/lib/pkgconfig/seal.pc" -a -f "$P/lib/cmake/Seal/SealConfig.cmake" -a -f "$P/lib/libseal.a"

# Every header on its own (self-contained), strict C17.
n=0
m=0
for h in "$P"/include/seal/*.h; do
    n=$((n + 1))
    if printf '#include <seal/%s>\n' "$(basename "$h")" |
        cc -std=c17 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I"$P/include" -x c - 2>"$T/hdr.err"; then
        m=$((m + 1))
    else
        echo "     $(basename "$h"): $(head -3 "$T/hdr.err")"
    fi
done
check "$m of $n installed headers compile alone (-std=c17 -Wpedantic -Werror)" test "$m" == "$n" -a "$n" -gt 0

# The examples with pkg-config (the prefix's seal.pc) ...
export PKG_CONFIG_PATH=$P/lib/pkgconfig
mkdir -p "$T/pc"
for e in encrypt_policy decrypt_session verify_key; do
    # shellcheck disable=SC2046
    check "pkg-config build: $e" cc -std=c17 -Wall -Wextra -Wconversion -Werror "$SRC/examples/$e.c" \
        $(pkg-config --cflags --libs seal) -Wl,-rpath,"$P/lib" -o "$T/pc/$e"
done
# ... and with CMake (find_package(Seal CONFIG), Seal::seal)
check "CMake configure (find_package(Seal CONFIG))" cmake -S "$SRC/examples" -B "$T/cm" -G Ninja \
    -DCMAKE_PREFIX_PATH="$P" -DCMAKE_C_FLAGS="-Wall -Wextra -Werror"
check "CMake build" cmake --build "$T/cm"
for b in "$T/pc/verify_key" "$T/cm/verify_key"; do
    check "$(basename "$(dirname "$b")")/verify_key loads libseal.so.0 from the prefix" \
        bash -c "ldd '$b' | grep -q 'libseal.so.0 => $P/lib/libseal.so.0'"
done

# verify_key: the upstream cases (tests/vectors/spec/derived_key_verification.json)
n=0
m=0
while IFS='|' read -r pk usk full valid; do
    want=1
    [[ $valid == True ]] && want=0
    exe=$T/pc/verify_key
    ((n % 2)) && exe=$T/cm/verify_key
    "$exe" "$pk" "0x${full:0:64}" "${full:64}" "$usk" >/dev/null 2>&1
    rc=$?
    n=$((n + 1))
    [[ $rc == "$want" ]] && m=$((m + 1))
done < <(python3 -c 'import json,sys
for c in json.load(open(sys.argv[1]))["cases"]: print("|".join([c["public_key"], c["user_secret_key"], c["full_id"], str(c["valid"])]))' \
    "$SRC/tests/vectors/spec/derived_key_verification.json")
check "verify_key: $m of $n upstream cases as expected" test "$n" -gt 0 -a "$m" == "$n"

# The networked story on an embedded chain with three key servers.
lb_init || { bad "localnet init"; exit 1; }
lb_account ADMIN && lb_account BOB && lb_account CAROL || { bad "accounts"; exit 1; }
lb_server ks1 && lb_server ks2 && lb_server ks3 || { bad "key servers"; exit 1; }
out=$("$SEAL" localnet allowlist create --chain "$CHAIN" --key "$ADMIN_KEY" --name club) || { bad "allowlist create"; exit 1; }
AL=$(jget allowlist <<<"$out")
CAP=$(jget cap <<<"$out")
expect 0 "add Bob to the allowlist" "$SEAL" localnet allowlist add --chain "$CHAIN" --key "$ADMIN_KEY" --allowlist "$AL" --cap "$CAP" --member "$BOB_ADDR"
ID=${AL#0x}c0ffee
APPROVE=$EXAMPLES::allowlist::seal_approve
head -c 100000 /dev/urandom >"$T/msg"
expect 0 "Bob: session create" "$SEAL" session create --key "$BOB_KEY" --package "$EXAMPLES" --out "$T/bob.session"
expect 0 "Carol: session create" "$SEAL" session create --key "$CAROL_KEY" --package "$EXAMPLES" --out "$T/carol.session"

expect 0 "encrypt_policy (pkg-config build): 2 of 3 servers from the chain" \
    bash -c "'$T/pc/encrypt_policy' '$CHAIN' '$EXAMPLES' '$ID' 2 '$KS_ks1' '$KS_ks2' '$KS_ks3' <'$T/msg' >'$T/obj'"
expect 0 "seal inspect reads it" "$SEAL" inspect "$T/obj"
check "the object names the three servers, threshold 2" \
    python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); assert o["threshold"]==2 and len(o["services"])==3' "$T/out"
expect 0 "the CLI decrypts it (Bob)" "$SEAL" decrypt --session "$T/bob.session" --chain "$CHAIN" --approve "$APPROVE" --arg "object:$AL" --in "$T/obj" --out "$T/plain.cli"
check "CLI plaintext" cmp -s "$T/msg" "$T/plain.cli"
expect 0 "decrypt_session (CMake build) decrypts it (Bob)" \
    bash -c "'$T/cm/decrypt_session' '$CHAIN' '$T/bob.session' '$APPROVE' 'object:$AL' <'$T/obj' >'$T/plain.ex'"
check "decrypt_session plaintext" cmp -s "$T/msg" "$T/plain.ex"
expect 1 "decrypt_session: Carol is denied" \
    bash -c "'$T/pc/decrypt_session' '$CHAIN' '$T/carol.session' '$APPROVE' 'object:$AL' <'$T/obj' >'$T/plain.carol'"
check "Carol: NoAccess named, no plaintext" bash -c "grep -q NoAccess '$T/err' && test ! -s '$T/plain.carol'"
expect 0 "the CLI encrypts" "$SEAL" encrypt --chain "$CHAIN" --key-server "$KS_ks1" --key-server "$KS_ks2" --key-server "$KS_ks3" --threshold 3 --package "$EXAMPLES" --id "$ID" --in "$T/msg" --out "$T/obj.cli"
expect 0 "decrypt_session decrypts the CLI's object (3 of 3)" \
    bash -c "'$T/pc/decrypt_session' '$CHAIN' '$T/bob.session' '$APPROVE' 'object:$AL' <'$T/obj.cli' >'$T/plain.ex2'"
check "plaintext of the CLI's object" cmp -s "$T/msg" "$T/plain.ex2"

finish
