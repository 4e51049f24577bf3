# Helpers shared by the demo stories (scripts/localnet-demo.sh, scripts/committee-demo.sh),
# sourced after the caller has set: W (the story's 0700 temporary folder, the current directory),
# seal (the CLI under test), keep (1: keep W), cli_timeout and ready_timeout (seconds) and
# demo_name (for the failure line); demo_notes_fd (default 1) is where the closing notes go (2
# for scripts whose stdout is JSON). They provide background processes that are stopped and
# checked on exit (start, wait_ready, stop), numbered steps (begin, pass, fail), CLI calls with a
# timeout (cli) and small parsers (field, need_id, short, rand_hex, free_port).

# ---- processes ---------------------------------------------------------------------------
# Every background process is started in its own session (setsid) so that stopping it stops
# anything it started too; their ids are kept here, stopped on exit, and checked.
declare -A bg_pid=()
cleanup() {
    local rc=$? name pid left=() deadline status
    trap - EXIT INT TERM
    for name in "${!bg_pid[@]}"; do
        kill -TERM -- "-${bg_pid[$name]}" 2>/dev/null
    done
    deadline=$(($(date +%s) + 5))
    for name in "${!bg_pid[@]}"; do
        pid=${bg_pid[$name]}
        while kill -0 "$pid" 2>/dev/null && [[ $(date +%s) -lt $deadline ]]; do sleep 0.05; done
        if kill -0 "$pid" 2>/dev/null; then
            echo "    $name (pid $pid) did not stop on SIGTERM within 5 s: killed" >&2
            kill -KILL -- "-$pid" 2>/dev/null
            rc=1
        fi
        wait "$pid" 2>/dev/null
        status=$?
        # a graceful stop exits 0 (a sanitizer's report at exit would make it non-zero)
        if [[ $status != 0 ]]; then
            echo "✗ $name exited with status $status on SIGTERM: $(tail -c 300 "$W/$name.err" | tr '\n' ' ')" >&2
            rc=1
        fi
    done
    for name in "${!bg_pid[@]}"; do
        pid=${bg_pid[$name]}
        if kill -0 "$pid" 2>/dev/null || kill -0 -- "-$pid" 2>/dev/null; then left+=("$name:$pid"); fi
    done
    if [[ ${#left[@]} -gt 0 ]]; then
        echo "✗ still running after the demo: ${left[*]}" >&2
        rc=1
    elif [[ ${#bg_pid[@]} -gt 0 ]]; then
        echo "   (stopped and checked: ${#bg_pid[@]} background processes, none left running)" >&"${demo_notes_fd:-1}"
    fi
    if [[ $keep == 1 ]]; then
        echo "   files kept in $W" >&"${demo_notes_fd:-1}"
    else
        cd / && rm -rf "$W"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start NAME CMD...: runs CMD in the background, stdout in NAME.out, stderr in NAME.err.
start() {
    local name=$1
    shift
    setsid "$@" >"$W/$name.out" 2>"$W/$name.err" </dev/null &
    bg_pid[$name]=$!
}
# wait_ready NAME: waits for the `ready URL` line of NAME; sets READY_URL.
wait_ready() {
    local name=$1 deadline line
    deadline=$(($(now_ms) + ready_timeout * 1000))
    READY_URL=
    while [[ $(now_ms) -lt $deadline ]]; do
        line=$(grep -m1 '^ready ' "$W/$name.out" 2>/dev/null)
        if [[ -n $line ]]; then
            READY_URL=${line#ready }
            return 0
        fi
        if ! kill -0 "${bg_pid[$name]}" 2>/dev/null; then
            wait "${bg_pid[$name]}" 2>/dev/null
            REASON="$name exited (status $?) before it was ready: $(tail -c 400 "$W/$name.err" | tr '\n' ' ')"
            unset "bg_pid[$name]"
            return 1
        fi
        sleep 0.02
    done
    REASON="no 'ready' line from $name within ${ready_timeout} s; stderr: $(tail -c 400 "$W/$name.err" | tr '\n' ' ')"
    return 1
}
# stop NAME: SIGTERM, then waits (5 s at most) and sets STOP_STATUS to the exit status.
stop() {
    local name=$1 pid=${bg_pid[$1]} deadline
    kill -TERM "$pid" 2>/dev/null
    deadline=$(($(date +%s) + 5))
    while kill -0 "$pid" 2>/dev/null && [[ $(date +%s) -lt $deadline ]]; do sleep 0.02; done
    if kill -0 "$pid" 2>/dev/null; then
        REASON="$name did not stop within 5 s of SIGTERM"
        return 1
    fi
    wait "$pid" 2>/dev/null
    STOP_STATUS=$?
    unset "bg_pid[$name]"
    return 0
}

# ---- steps -------------------------------------------------------------------------------
now_ms() { date +%s%3N; }
step_no=0
step_title=
step_t0=0
demo_t0=$(now_ms)
secs() { # milliseconds -> "1.23 s"
    printf '%d.%02d s' $(($1 / 1000)) $((($1 % 1000) / 10))
}
begin() {
    step_no=$((step_no + 1))
    step_title=$*
    step_t0=$(now_ms)
    REASON=
}
pass() {
    printf '%2d. ✓ %s%s  (%s)\n' "$step_no" "$step_title" "${1:+ — $1}" "$(secs $(($(now_ms) - step_t0)))"
}
fail() {
    printf '%2d. ✗ %s  (%s)\n' "$step_no" "$step_title" "$(secs $(($(now_ms) - step_t0)))"
    printf '    %s\n' "${1:-$REASON}"
    echo "== $demo_name FAILED at step $step_no" >&2
    exit 1
}
# cli ARGS...: runs the seal CLI with a timeout; stdout in $W/out, stderr in $W/err, status RC.
cli() {
    timeout -k 2 "$cli_timeout" "$seal" "$@" >"$W/out" 2>"$W/err" </dev/null
    RC=$?
    if [[ $RC == 124 || $RC == 137 ]]; then
        REASON="seal $1 $2 did not finish within ${cli_timeout} s"
    elif [[ $RC != 0 ]]; then
        REASON="seal $1 ${2:-} exited with status $RC: $(head -c 500 "$W/err" | tr '\n' ' ')"
    fi
    return $RC
}
# field KEY [FILE]: the string value of "KEY" in a flat JSON document (default $W/out).
field() {
    grep -o "\"$1\"[[:space:]]*:[[:space:]]*\"[^\"]*\"" "${2:-$W/out}" | head -n1 | sed 's/.*:[[:space:]]*"//; s/"$//'
}
need_id() { # need_id NAME VALUE: VALUE is 0x + 64 hex digits
    [[ $2 =~ ^0x[0-9a-f]{64}$ ]] || {
        REASON="expected $1 as 0x + 64 hex digits, got '$2' in: $(head -c 300 "$W/out" | tr '\n' ' ')"
        return 1
    }
}
short() { echo "${1:0:8}…${1: -4}"; }
rand_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
# free_port: a TCP port that is free on 127.0.0.1 now (the key servers' URLs are registered
# on chain before they start, so their ports are chosen first).
free_port() {
    timeout 10 node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

