#!/usr/bin/env bash
# The key server's systemd unit (packaging/seal-server.service) before any install: its system
# call filter lets the server install and run its own sandbox (check_unit_syscalls.py against
# src/server/server_sandbox.c), and systemd's own rating of its sandbox stays at 2.0 or less
# (systemd-analyze security --offline; no running systemd needed). Exit 77 (skipped) without
# systemd-analyze.
# usage: test_unit.sh PYTHON SOURCE_DIR
set -uo pipefail
PY=$1
SRC=$2
UNIT=$SRC/packaging/seal-server.service
if ! command -v systemd-analyze >/dev/null; then
    echo "SKIP: systemd-analyze not installed (Debian package systemd)"
    exit 77
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
source "$SRC/tests/install/lib.sh"

check "the unit's SystemCallFilter allows what the server's sandbox needs" \
    "$PY" "$SRC/tests/install/check_unit_syscalls.py" "$UNIT" "$SRC/src/server/server_sandbox.c"
tail -1 "$T/check.out"
# self-test: without seccomp on the allow line the check fails and names it
sed 's/^\(SystemCallFilter=@system-service\) seccomp /\1 /' "$UNIT" >"$T/bad.service"
if ! "$PY" "$SRC/tests/install/check_unit_syscalls.py" "$T/bad.service" "$SRC/src/server/server_sandbox.c" >"$T/bad.out" 2>&1 &&
    grep -q "refuses seccomp" "$T/bad.out"; then
    ok "self-test: a unit refusing seccomp is reported"
else
    bad "self-test: a unit refusing seccomp is not reported"
    head -3 "$T/bad.out"
fi

systemd-analyze security --offline=yes --threshold=20 "$UNIT" >"$T/security.out" 2>&1
rc=$?
score=$(sed -n 's/.*Overall exposure level for seal-server.service: \([0-9.]*\).*/\1/p' "$T/security.out")
if [[ $rc == 0 && -n $score ]]; then
    ok "systemd-analyze security --offline: exposure $score (at most 2.0)"
else
    bad "systemd-analyze security --offline: exposure ${score:-?} (more than 2.0, or no rating)"
    grep "✗" "$T/security.out" | head -10
fi
finish
