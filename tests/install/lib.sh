# Sourced by the tests of tests/install/: counters and one-line results ($T: the test's
# temporary directory, made by the test).
#   ok DESC / bad DESC                 count and print a result
#   check DESC COMMAND...              ok when COMMAND exits 0, else bad and its output
#   finish                             the totals; exit status 0 when nothing failed
PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok   $1"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL $1"; }
check() {
    local d=$1
    shift
    if "$@" >"$T/check.out" 2>&1; then ok "$d"; else bad "$d"; sed 's/^/     /' "$T/check.out" | head -20; fi
}
finish() {
    echo "$PASS passed, $FAIL failed"
    [[ $FAIL == 0 ]]
}
