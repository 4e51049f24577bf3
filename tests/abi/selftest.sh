#!/usr/bin/env bash
# check_exports.py must fail on a library that breaks its rules: a tiny libseal.so.0 built here
# exports an internal seal__ name (declared in its public header), a seal_ function no header
# declares, and lacks a declared function; one declared function is right. Each problem must be
# reported, with what to do, and nothing about the correct one.
# usage: selftest.sh PYTHON CC
set -uo pipefail
PY=$1
CC=$2
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/include/seal"
cat >"$T/include/seal/x.h" <<'H'
/* A public header of the self-test. */
#include <stddef.h>
/* Right: declared and exported. */
int seal_good(int a);
/* Declared, never defined. */
int seal_missing(const unsigned char k[static 32]);
/* An internal name in a public header. */
int seal__internal(void);
/* Not a symbol: a static inline helper. */
static inline int seal_inline(void) { return 1; }
typedef int (*seal_fn)(void *ctx);
H
cat >"$T/x.c" <<'C'
#include "seal/x.h"
int seal_good(int a) { return a + seal_inline(); }
int seal__internal(void) { return 2; }
int seal_stray(void) { return 3; }
C
printf 'SEAL_0 { global: seal_*; SEAL_*; local: *; };\n' >"$T/map"
"$CC" -shared -fPIC -I"$T/include" -Wl,-soname,libseal.so.0 -Wl,--version-script="$T/map" \
    "$T/x.c" -o "$T/libseal.so.0" || exit 1
"$PY" "$HERE/check_exports.py" "$T/libseal.so.0" "$T/include/seal" 0 >"$T/out"
rc=$?
cat "$T/out"
fail=0
want() {
    if grep -q -- "$1" "$T/out"; then echo "ok   reported: $1"; else echo "FAIL not reported: $1"; fail=1; fi
}
[[ $rc == 1 ]] && echo "ok   exit status 1" || { echo "FAIL exit status $rc, want 1"; fail=1; }
want "exports the internal symbol seal__internal: include/seal/x.h declares it"
want "exports seal_stray, which no header in include/seal/ declares"
want "x.h:6 declares seal_missing (function), which libseal.so does not export"
if grep -q "seal_good\|seal_inline\|seal_fn" "$T/out"; then echo "FAIL a correct symbol reported"; fail=1; fi
"$PY" "$HERE/check_exports.py" "$T/libseal.so.0" "$T/include/seal" 1 >"$T/out2"
grep -q "SONAME is 'libseal.so.0', expected 'libseal.so.1'" "$T/out2" && echo "ok   SONAME checked" ||
    { echo "FAIL SONAME not checked"; fail=1; }
exit $fail
