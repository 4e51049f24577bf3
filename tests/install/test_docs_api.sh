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
source "$SRC/tests/install/lib.sh"
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

# Self-tests: a copy of the headers with util.h changed by a sed script must be reported.
selftest() { # N WHAT SED_SCRIPT EXPECTED_REGEX
    mkdir -p "$T/h$1/seal"
    cp "$SRC"/include/seal/*.h "$T/h$1/seal/"
    sed -i "$3" "$T/h$1/seal/util.h"
    if run --input "$T/h$1/seal" --output "$T/api$1" >"$T/out$1" 2>&1; then
        bad "self-test: $2 passes"
    elif grep -q "$4" "$T/out$1"; then
        ok "self-test: $2 is reported"
    else
        bad "self-test: $2: unexpected report"
        head -5 "$T/out$1"
    fi
}
selftest 1 "an undocumented function" \
    '0,/^#ifdef __cplusplus$/s//int seal_selftest_undocumented(int x);\n\n&/' \
    "public function seal_selftest_undocumented has no comment"
# any other Doxygen warning, here its preprocessor's: an #endif too many
selftest 2 "a Doxygen warning" '$a #endif' "util.h:[0-9]*: warning: More #endif"

finish
