# Shared helpers for the CLI test scripts: sourced, not run.
# Usage in a script: source "$(dirname "$0")/lib.sh" "$@"   (argument 1: the seal binary,
# argument 2: the tests/vectors folder).
set -uo pipefail
SEAL=${1:?usage: test_X.sh PATH/TO/seal [VECTORS_DIR]}
VECTORS=${2:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../vectors" && pwd)}
T=$(mktemp -d "${TMPDIR:-/tmp}/seal-cli-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
PASS=0
FAIL=0

ok() {
    PASS=$((PASS + 1))
    echo "ok   $*"
}
bad() {
    FAIL=$((FAIL + 1))
    echo "FAIL $*"
}
# check DESC COMMAND...: passes when the command succeeds.
check() {
    local desc=$1
    shift
    if "$@"; then ok "$desc"; else bad "$desc"; fi
}
# run CMD...: runs with stdout in $T/out and stderr in $T/err; $RC holds the exit status.
run() {
    "$@" >"$T/out" 2>"$T/err"
    RC=$?
}
# expect CODE DESC CMD...: the exit status is CODE.
expect() {
    local code=$1 desc=$2
    shift 2
    run "$@"
    if [[ $RC == "$code" ]]; then
        ok "$desc"
        return 0
    fi
    bad "$desc (exit $RC, expected $code; stderr: $(head -c 300 "$T/err" | tr '\n' ' '))"
    return 1
}
# no_control FILE: the file is well-formed UTF-8 whose lines hold no control character (C0 other
# than the line feeds between lines, DEL, C1) and no line or paragraph separator (U+2028/9).
no_control() {
    perl -MEncode -e 'open(my $f, "<:raw", $ARGV[0]) or exit 2; local $/; my $d = <$f>;
        my $t = eval { Encode::decode("UTF-8", $d, Encode::FB_CROAK) }; exit 1 unless defined $t;
        exit($t =~ /[\x00-\x09\x0b-\x1f\x7f-\x9f\x{2028}\x{2029}]/ ? 1 : 0)' "$1"
}
# expect_error CODE DESC CMD...: exit CODE, exactly one line on stderr that starts with
# "seal" and holds no control characters, and nothing on stdout.
expect_error() {
    local code=$1 desc=$2
    shift 2
    run "$@"
    local lines
    lines=$(wc -l <"$T/err")
    if [[ $RC == "$code" && $lines == 1 && ! -s $T/out ]] && grep -q '^seal' "$T/err" &&
        no_control "$T/err"; then
        ok "$desc: $(cat "$T/err")"
        return 0
    fi
    bad "$desc (exit $RC, expected $code; $lines stderr lines: $(head -c 300 "$T/err" | tr '\n' ' '); stdout $(wc -c <"$T/out") bytes)"
    return 1
}
# The mode bits of a file, in octal.
mode_of() {
    stat -c %a "$1"
}
# Random hex of N bytes.
rand_hex() {
    od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'
}
finish() {
    echo "$PASS passed, $FAIL failed"
    if [[ $FAIL -eq 0 && $PASS -gt 0 ]]; then exit 0; fi
    exit 1
}
# Hex text on stdin to bytes on stdout (perl is part of every Debian system).
hex2bin() {
    perl -ne 's/\s+//g; s/^0x//i; print pack("H*", $_)'
}

# flip_byte FILE POS: inverts every bit of byte POS of FILE in place, so the file always changes
# (writing a constant byte leaves it unchanged when the byte already had that value).
flip_byte() {
    local b
    b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
    printf "\\x$(printf %02x $((b ^ 255)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
