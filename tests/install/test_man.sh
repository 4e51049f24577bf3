#!/usr/bin/env bash
# The man pages (built by the target man from every --help, scripts/gen_man.py) are complete and
# current: gen_man.py --check walks `seal --help` and every command's and subcommand's --help
# (whatever commands exist: nothing here names them), and fails when a --help fails, when a page
# is missing or differs from what the --help gives, or when an option is missing from its page.
# Then every page is lint-clean for groff (-ww) and has a NAME line that man-db's lexgrog parses
# (whatis/apropos). Self-test: a page with an option removed is reported.
# The tools component installs them beside bin/seal.
# usage: test_man.sh PYTHON SEAL_BINARY MANDIR SOURCE_DIR BUILD_DIR
set -uo pipefail
PY=$1
SEAL=$2
MAN=$3
SRC=$4
BUILD=$5
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
source "$SRC/tests/install/lib.sh"

if "$PY" "$SRC/scripts/gen_man.py" "$SEAL" --check "$MAN" >"$T/check" 2>&1; then
    ok "$(tail -1 "$T/check")"
else
    bad "the pages in $MAN against every --help:"
    sed 's/^/     /' "$T/check"
fi

n=0
for page in "$MAN"/*.1; do
    n=$((n + 1))
    name=$(basename "$page" .1)
    if ! groff -man -ww -z -Tutf8 "$page" >"$T/groff" 2>&1 || [[ -s $T/groff ]]; then
        bad "$name.1: groff warnings"
        sed 's/^/     /' "$T/groff" | head -5
    fi
    if command -v lexgrog >/dev/null && ! lexgrog "$page" 2>/dev/null | grep -q "^$page: \"$name - "; then
        bad "$name.1: lexgrog finds no NAME line '$name - ...'"
    fi
done
[[ $n -gt 1 ]] && ok "$n pages lint-clean (groff -ww) with a NAME line" || bad "no pages in $MAN"

# self-test: the check must notice a page that lost an option
mkdir "$T/man"
cp "$MAN"/*.1 "$T/man/"
grep -v '^\\fB\\-\\-threshold' "$MAN/seal-encrypt.1" >"$T/man/seal-encrypt.1"
if "$PY" "$SRC/scripts/gen_man.py" "$SEAL" --check "$T/man" >"$T/check2" 2>&1; then
    bad "self-test: a page without --threshold passes the check"
elif grep -q "seal-encrypt.1 differs" "$T/check2" && grep -q "seal encrypt: option --threshold of --help is missing" "$T/check2"; then
    ok "self-test: a page without --threshold is reported"
else
    bad "self-test: unexpected report"
    cat "$T/check2"
fi

# installed with the tools component, one page per command
P=$T/prefix
if cmake --install "$BUILD" --prefix "$P" --component tools >"$T/inst" 2>&1 &&
    [[ -x $P/bin/seal ]] && cmp -s "$MAN/seal.1" "$P/share/man/man1/seal.1" &&
    [[ $(ls "$P"/share/man/man1/*.1 | wc -l) == "$n" ]]; then
    ok "cmake --install --component tools: bin/seal and the $n pages in share/man/man1"
else
    bad "cmake --install --component tools: bin/seal or the pages missing"
    tail -5 "$T/inst"
fi

finish
