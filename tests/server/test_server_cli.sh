#!/usr/bin/env bash
# `seal server`: --check-config, start (the `ready` line, /health, metrics, JSON logs), graceful
# stop on SIGTERM and SIGINT (exit 0, a "stop" log line), refusal of a port in use.
# Usage: test_server_cli.sh PATH/TO/seal
set -uo pipefail
SEAL=${1:?usage: test_server_cli.sh PATH/TO/seal}
T=$(mktemp -d "${TMPDIR:-/tmp}/seal-server-test.XXXXXX")
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
    rm -rf "$T"
}
trap cleanup EXIT
PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok   $*"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL $*"; }
check() {
    local desc=$1
    shift
    if "$@"; then ok "$desc"; else bad "$desc"; fi
}

# ---- a key and a configuration ----------------------------------------------------------------
# The chain is a JSON-RPC URL nobody answers: opening it does not contact the node, and nothing
# here needs the chain (the policy path is covered by the unit and end-to-end tests).
SEAL_PKG=0x0000000000000000000000000000000000000000000000000000000000005ea1
CHAIN=http://127.0.0.1:9
"$SEAL" keygen --out "$T/ks.key" >/dev/null 2>&1 && chmod 600 "$T/ks.key"
check "keygen wrote a key file" test -s "$T/ks.key"

write_config() { # write_config FILE LISTEN [EXTRA...]
    local f=$1 listen=$2
    shift 2
    {
        echo "network: !Devnet"
        echo "  seal_package: $SEAL_PKG"
        echo "server_mode: !Open"
        echo "  key_server_object_id: 0x000000000000000000000000000000000000000000000000000000000000abcd"
        echo "chain: $CHAIN"
        echo "listen: $listen"
        echo "metrics_host_port: 127.0.0.1:0"
        echo "threads: 2"
        echo "master_key_file: $T/ks.key"
        for line in "$@"; do echo "$line"; done
    } >"$f"
}
write_config "$T/ok.yaml" 127.0.0.1:0

# ---- --check-config ---------------------------------------------------------------------------
"$SEAL" server --config "$T/ok.yaml" --check-config >"$T/out" 2>"$T/err"
rc=$?
check "--check-config: valid file exits 0" test "$rc" = 0
check "--check-config: prints 'config ok'" grep -qx "config ok" "$T/out"

write_config "$T/bad.yaml" 127.0.0.1:0 "no_such_key: 1"
"$SEAL" server --config "$T/bad.yaml" --check-config >"$T/out" 2>"$T/err"
rc=$?
check "--check-config: unknown key exits 2" test "$rc" = 2
check "--check-config: one error line naming the line" \
    bash -c '[[ $(wc -l <"$1") == 1 ]] && grep -q "line [0-9]" "$1" && grep -q "^seal server: " "$1"' _ "$T/err"

"$SEAL" server --config "$T/missing.yaml" --check-config >"$T/out" 2>"$T/err"
rc=$?
check "--check-config: missing file exits 2" test "$rc" = 2

"$SEAL" server --check-config >"$T/out" 2>"$T/err"
rc=$?
check "--config is required (exit 2)" test "$rc" = 2

"$SEAL" server --help >"$T/out" 2>"$T/err"
rc=$?
check "--help exits 0 and documents --config" bash -c '[[ $0 == 0 ]] && grep -q -- "--config" "$1"' "$rc" "$T/out"

# ---- start, serve, stop -----------------------------------------------------------------------
# start_server NAME CONFIG [OPTION...]: runs it in the background; sets PID and URL (waits for
# `ready`).
start_server() {
    local name=$1 cfg=$2
    shift 2
    "$SEAL" server --config "$cfg" "$@" >"$T/$name.out" 2>"$T/$name.err" &
    PID=$!
    PIDS+=("$PID")
    URL=""
    for _ in $(seq 1 100); do
        if grep -q '^ready http://' "$T/$name.out" 2>/dev/null; then
            URL=$(sed -n 's/^ready \(http:\/\/[^ ]*\)$/\1/p' "$T/$name.out" | head -1)
            return 0
        fi
        kill -0 "$PID" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

for sig in TERM INT; do
    if start_server "s$sig" "$T/ok.yaml"; then
        ok "SIG$sig run: prints 'ready http://127.0.0.1:PORT'"
    else
        bad "SIG$sig run: no ready line ($(head -c 300 "$T/s$sig.err"))"
        continue
    fi
    check "SIG$sig run: the ready line has a real port" bash -c '[[ $0 =~ ^http://127\.0\.0\.1:[1-9][0-9]*$ ]]' "$URL"
    body=$(curl -s --max-time 5 "$URL/health")
    check "SIG$sig run: /health answers" bash -c '[[ $0 == *"\"status\":\"up\""* ]]' "$body"
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST -H 'Content-Type: application/json' \
        --data-binary @<(head -c 200000 /dev/zero | tr '\0' 'a') "$URL/v1/fetch_key")
    check "SIG$sig run: 413 for a 200 KB body" test "$code" = 413
    mport=$(grep -o '"metrics_port":[0-9]*' "$T/s$sig.err" | head -1 | cut -d: -f2)
    metrics=$(curl -s --max-time 5 "http://127.0.0.1:$mport/metrics")
    check "SIG$sig run: /metrics counts the /health request" \
        bash -c '[[ $0 == *"http_requests_total{route=\"/health\",status=\"200\"} 1"* ]]' "$metrics"
    kill -"$sig" "$PID"
    wait "$PID"
    rc=$?
    check "SIG$sig run: exits 0" test "$rc" = 0
    check "SIG$sig run: JSON log lines (start, requests, stop) on stderr" python3 -c '
import json, sys
ev = [json.loads(l)["event"] for l in open(sys.argv[1]) if l.startswith("{")]
assert ev[0] == "start" and ev[-1] == "stop" and ev.count("request") == 2, ev
' "$T/s$sig.err"
    check "SIG$sig run: nothing else on stdout" test "$(wc -l <"$T/s$sig.out")" = 1
done

# ---- secrets on the host ---------------------------------------------------------------------
# The master key from the environment: gone from /proc/PID/environ once loaded; no core dumps;
# the keys on locked pages excluded from dumps (or one keys_not_locked log line when the
# process may not lock memory).
MK=$(sed -n 's/.*\(0x[0-9a-f]\{64\}\).*/\1/p' "$T/ks.key" | head -1)
grep -v '^master_key_file' "$T/ok.yaml" >"$T/env.yaml"
export MASTER_KEY=$MK
started=0
start_server env "$T/env.yaml" && started=1
unset MASTER_KEY
if [[ $started == 1 ]]; then
    ok "MASTER_KEY run: ready"
    check "MASTER_KEY run: the key is not in /proc/PID/environ" \
        bash -c '! tr "\0" "\n" <"/proc/$0/environ" | grep -q -e "^MASTER_KEY=" -e "${1#0x}"' "$PID" "$MK"
    check "MASTER_KEY run: core dumps disabled (RLIMIT_CORE 0)" \
        bash -c 'grep -Eq "^Max core file size +0 +0 " "/proc/$0/limits"' "$PID"
    if grep -q '"event":"keys_not_locked"' "$T/env.err"; then
        ok "MASTER_KEY run: memory may not be locked here, logged ($(grep -c keys_not_locked "$T/env.err") line)"
    else
        check "MASTER_KEY run: key pages locked (VmLck > 0)" \
            bash -c '[[ $(awk "/^VmLck:/ {print \$2}" "/proc/$0/status") -gt 0 ]]' "$PID"
    fi
    check "MASTER_KEY run: a mapping excluded from dumps (VmFlags dd)" \
        bash -c 'grep "^VmFlags:" "/proc/$0/smaps" | grep -q " dd"' "$PID"
    kill -TERM "$PID"
    wait "$PID"
    check "MASTER_KEY run: exits 0" test "$?" = 0
else
    bad "MASTER_KEY run: no ready line ($(head -c 300 "$T/env.err"))"
fi

# ---- the sandbox (docs/SECURITY.md) ----------------------------------------------------------
# On by default: every thread under the seccomp filter (Seccomp: 2 in /proc/PID/status) before
# `ready`, one "sandbox" log line naming what applies; --sandbox-log logs refused calls instead of
# killing; --no-sandbox runs without. (Killing a forbidden call: unit_server_sandbox.)
sandbox_run() { # sandbox_run NAME SECCOMP_MODE STATUS [OPTION...]
    local name=$1 mode=$2 want=$3
    shift 3
    if ! start_server "$name" "$T/ok.yaml" "$@"; then
        bad "sandbox $name: no ready line ($(head -c 300 "$T/$name.err"))"
        return
    fi
    check "sandbox $name: Seccomp $want in /proc/PID/status, on every thread" bash -c '
        for s in /proc/$0/task/*/status; do grep -qx "Seccomp:[[:space:]]*$1" "$s" || exit 1; done' \
        "$PID" "$want"
    check "sandbox $name: one sandbox log line (seccomp $mode, landlock abi or not available)" \
        python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
sb = [e for e in ev if e["event"] == "sandbox"]
assert len(sb) == 1 and sb[0]["seccomp"] == sys.argv[2], sb
ll = sb[0]["landlock"]
assert ll == "off" if sys.argv[2] == "off" else (ll.startswith("abi ") or "not available" in ll), ll
' "$T/$name.err" "$mode"
    body=$(curl -s --max-time 5 "$URL/health")
    check "sandbox $name: /health answers" bash -c '[[ $0 == *"\"status\":\"up\""* ]]' "$body"
    kill -TERM "$PID"
    wait "$PID"
    check "sandbox $name: exits 0" test "$?" = 0
    check "sandbox $name: nothing refused" bash -c '! grep -q sandbox_refused "$0"' "$T/$name.err"
}
sandbox_run default kill 2
sandbox_run log log 2 --sandbox-log
sandbox_run none off 0 --no-sandbox

# ---- a port in use ----------------------------------------------------------------------------
if start_server first "$T/ok.yaml"; then
    port=${URL##*:}
    write_config "$T/busy.yaml" "127.0.0.1:$port"
    "$SEAL" server --config "$T/busy.yaml" >"$T/out" 2>"$T/err"
    rc=$?
    check "a port in use: exit 3" test "$rc" = 3
    check "a port in use: one error line" bash -c '[[ $(wc -l <"$0") == 1 ]] && grep -q "cannot listen" "$0"' "$T/err"
    kill -TERM "$PID"
    wait "$PID"
else
    bad "second server: no ready line"
fi

echo "$PASS passed, $FAIL failed"
[[ $FAIL == 0 ]]
