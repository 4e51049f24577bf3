# Shared helpers of the committee scripts: sourced, not run. Arguments as tests/cli/lib.sh, plus
# argument 3: the member test client (tests/committee/member_client.c).
source "$(dirname "$0")/../cli/lib.sh" "$@"
CLIENT=${3:?usage: test_X.sh PATH/TO/seal VECTORS_DIR PATH/TO/committee_member_client}
V=$VECTORS/spec/committee.json
READY_S=${SEAL_TEST_READY_TIMEOUT:-30}
declare -A PID

vec() { python3 -c "import json,sys;d=json.load(open(sys.argv[1]))['upstream_e2e'];print(eval(sys.argv[2]))" "$V" "$1"; }
jget() { sed -n "s/.*\"$1\": *\"\\([^\"]*\\)\".*/\\1/p" "$2" | head -1; }
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'; }
now_ms() { date +%s%3N; }
start() { # start NAME CMD...
    local name=$1
    shift
    setsid "$@" >"$T/$name.out" 2>"$T/$name.err" </dev/null &
    PID[$name]=$!
}
wait_ready() { # wait_ready NAME: 0 when it printed its ready line, 1 when it exited first
    local deadline=$(($(now_ms) + READY_S * 1000))
    while [[ $(now_ms) -lt $deadline ]]; do
        grep -q '^ready ' "$T/$1.out" 2>/dev/null && return 0
        kill -0 "${PID[$1]}" 2>/dev/null || return 1
        sleep 0.05
    done
    return 2
}
wait_exit() { # wait_exit NAME SECONDS: the exit status, or 255 when still running
    local deadline=$(($(now_ms) + $2 * 1000))
    while kill -0 "${PID[$1]}" 2>/dev/null && [[ $(now_ms) -lt $deadline ]]; do sleep 0.05; done
    if kill -0 "${PID[$1]}" 2>/dev/null; then return 255; fi
    wait "${PID[$1]}"
}
stop_all() {
    for n in "${!PID[@]}"; do kill -TERM "${PID[$n]}" 2>/dev/null; done
    for n in "${!PID[@]}"; do wait "${PID[$n]}" 2>/dev/null; done
}
trap 'stop_all; rm -rf "$T"' EXIT

# localnet_up: a fresh ledger served on loopback; CHAIN is its URL.
localnet_up() {
    "$SEAL" localnet init --data "$T/chain" >/dev/null || return 1
    start localnet "$SEAL" localnet serve --data "$T/chain" --listen 127.0.0.1:0
    wait_ready localnet || return 1
    CHAIN=$(sed -n 's/^ready //p' "$T/localnet.out")
}
# accounts N: ADDR[i], KEY[i] for i < N.
accounts() {
    for ((i = 0; i < $1; i++)); do
        "$SEAL" localnet account new >"$T/acct$i.json"
        ADDR[$i]=$(jget address "$T/acct$i.json")
        KEY[$i]=$(jget private_key "$T/acct$i.json")
    done
}
# member servers: config FILE ACCOUNT PORT STATE writes a !Committee configuration for the
# KeyServer $KS on $CHAIN (METRICS_PORT, SHARE_DIR optional); member NAME ACCOUNT PORT STATE ENV...
# starts one.
config() {
    cat >"$1" <<EOF
network: !Devnet
  seal_package: 0x5ea1
server_mode: !Committee
  member_address: '${ADDR[$2]}'
  key_server_obj_id: '$KS'
  committee_state: $4
enable_event_monitoring: false
committee_poll_interval: 200ms
chain: ${SERVER_CHAIN:-$CHAIN}
listen: 127.0.0.1:$3
metrics_host_port: "${METRICS_PORT:+127.0.0.1:$METRICS_PORT}"
threads: 2
${SHARE_DIR:+master_share_dir: $SHARE_DIR}
EOF
}
member() {
    local name=$1 party=$2 port=$3 state=$4
    shift 4
    config "$T/$name.yaml" "$party" "$port" "$state"
    start "$name" env "$@" "$SEAL" server --config "$T/$name.yaml"
}
# fetch [options]: member_client fetch for the object id $ID under the allowlist $AL; output in
# $T/out (see member_client.c).
fetch() {
    run "$CLIENT" fetch --chain "$CHAIN" --session "$T/s.json" --key-server "$KS" \
        --approve "$EXA::allowlist::seal_approve" --id "$ID" --arg "object:$AL" "$@"
}
EXA=0x0000000000000000000000000000000000000000000000000000000000005ea3
# policy_and_object: an allowlist with account $1 on it, a session of that account, and
# $T/plain.txt encrypted to the committee pk $PK under id $ID ($T/obj.seal).
policy_and_object() {
    run "$SEAL" localnet allowlist create --chain "$CHAIN" --key "${KEY[$1]}" --name readers
    AL=$(jget allowlist "$T/out")
    local cap
    cap=$(jget cap "$T/out")
    expect 0 "allowlist add the reader" "$SEAL" localnet allowlist add --chain "$CHAIN" \
        --key "${KEY[$1]}" --allowlist "$AL" --cap "$cap" --member "${ADDR[$1]}"
    ID=${AL#0x}0102030405
    printf 'committee secret %s\n' "$(date +%s%N)" >"$T/plain.txt"
    expect 0 "encrypt to the committee pk" "$SEAL" encrypt --server "$KS:$PK" --threshold 1 \
        --package-id $EXA --id "$ID" --in "$T/plain.txt" --out "$T/obj.seal"
    expect 0 "session" "$SEAL" session create --key "${KEY[$1]}" --package $EXA --chain "$CHAIN" \
        --out "$T/s.json"
}
