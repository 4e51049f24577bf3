#!/usr/bin/env bash
# The API reference (target docs-api): Doxygen over include/seal/ builds the HTML pages with no
# undocumented public function and no other warning (scripts/docs_api.py). Self-test: a copy of
# the headers with one undocumented function added, and one with an #endif too many, must each
# be reported.
# usage: test_docs_api.sh PYTHON DOXYGEN DOXYFILE SOURCE_DIR
set -uo pipefail
PY=$1
DOXYGEN=$2
DOXYFILE=$3
SRC=$4
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok   $1"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL $1"; }
run() { "$PY" "$SRC/scripts/docs_api.py" "$DOXYGEN" "$DOXYFILE" "$@"; }

if run --output "$T/api" >"$T/out" 2>&1 && [[ -s $T/api/html/index.html ]]; then
    ok "$(tail -1 "$T/out")"
else
    bad "docs-api over include/seal:"
    sed 's/^/     /' "$T/out" | head -40
fi
# every public header has its page, and seal_encrypt its documentation
n_h=$(ls "$SRC"/include/seal/*.h | wc -l)
n_p=$(ls "$T"/api/html/*_8h.html 2>/dev/null | wc -l)
[[ $n_p == "$n_h" ]] && ok "$n_p header pages for $n_h headers" || bad "$n_p header pages for $n_h headers"
if grep -q "Encrypts msg into out" "$T"/api/html/encrypt_8h.html 2>/dev/null; then
    ok "encrypt.h: seal_encrypt's comment is in the reference"
else
    bad "encrypt.h: seal_encrypt's comment is not in the reference"
fi

# self-test 1: an undocumented function
mkdir -p "$T/h1/seal"
cp "$SRC"/include/seal/*.h "$T/h1/seal/"
sed -i '0,/^#ifdef __cplusplus$/s//int seal_selftest_undocumented(int x);\n\n&/' "$T/h1/seal/util.h"
if run --input "$T/h1/seal" --output "$T/api1" >"$T/out1" 2>&1; then
    bad "self-test: an undocumented function passes"
elif grep -q "public function seal_selftest_undocumented has no comment" "$T/out1"; then
    ok "self-test: an undocumented function is reported"
else
    bad "self-test: unexpected report"
    head -5 "$T/out1"
fi

# self-test 2: any other Doxygen warning (here its preprocessor's: an #endif too many)
mkdir -p "$T/h2/seal"
cp "$SRC"/include/seal/*.h "$T/h2/seal/"
printf '#endif\n' >>"$T/h2/seal/util.h"
if run --input "$T/h2/seal" --output "$T/api2" >"$T/out2" 2>&1; then
    bad "self-test: a Doxygen warning passes"
elif grep -q "util.h:[0-9]*: warning: More #endif" "$T/out2"; then
    ok "self-test: a Doxygen warning is reported"
else
    bad "self-test: unexpected report"
    head -5 "$T/out2"
fi

echo "$PASS passed, $FAIL failed"
[[ $FAIL == 0 ]]
