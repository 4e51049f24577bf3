# Sourced by the networked client tests: a temporary local chain, accounts, key servers
# registered on it and running as `seal server` processes on loopback, an allowlist.
#   lb_init                          ledger in $T/chain, $CHAIN, $EXAMPLES, $SEALPKG (LB_RPC=grpc
#                                    or jsonrpc: $CHAIN is `seal localnet serve` at $LB_NODE,
#                                    over gRPC or JSON-RPC)
#   lb_account NAME                  $NAME_ADDR / $NAME_KEY (a suiprivkey in $T/NAME.key)
#   lb_server NAME [MSK_FROM]        registers and starts key server NAME (KS_NAME = object id,
#                                    PK_NAME, URL_NAME); MSK_FROM: run with another server's
#                                    master key than the registered one (a lying server)
#   lb_hanging NAME                  registers NAME at a socket that accepts and never answers
#   lb_cleanup                       stops everything (also on EXIT)
# Requires python3 (JSON, free ports, the hanging socket).
LB_PIDS=()

jget() { # jget KEY < json
    python3 -c 'import json,sys; v=json.load(sys.stdin); print(v[sys.argv[1]])' "$1"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

lb_cleanup() {
    for p in "${LB_PIDS[@]}"; do
        kill "$p" 2>/dev/null
    done
    for p in "${LB_PIDS[@]}"; do
        wait "$p" 2>/dev/null
    done
    LB_PIDS=()
    rm -rf "$T"
}
trap lb_cleanup EXIT

lb_init() { # with LB_RPC set the chain is served by `seal localnet serve`
    local out
    out=$("$SEAL" localnet init --data "$T/chain") || return 1
    CHAIN=embedded:$T/chain
    if [[ -n ${LB_RPC:-} ]]; then
        "$SEAL" localnet serve --data "$T/chain" --listen 127.0.0.1:0 >"$T/rpc.out" 2>"$T/rpc.err" &
        LB_PIDS+=($!)
        local i
        for i in $(seq 1 100); do
            grep -q '^ready' "$T/rpc.out" 2>/dev/null && break
            sleep 0.05
        done
        LB_NODE=$(sed -n 's/^ready //p' "$T/rpc.out" | head -1)
        [[ $LB_NODE == http* ]] || return 1
        case $LB_RPC in
        grpc) CHAIN=$LB_NODE ;;
        jsonrpc) CHAIN=jsonrpc+$LB_NODE ;;
        *) return 1 ;;
        esac
    fi
    EXAMPLES=$(jget examples_package <<<"$out")
    SEALPKG=$(jget seal_package <<<"$out")
}

lb_account() {
    local out
    out=$("$SEAL" localnet account new) || return 1
    printf -v "${1}_ADDR" '%s' "$(jget address <<<"$out")"
    jget private_key <<<"$out" >"$T/$1.key"
    chmod 600 "$T/$1.key"
    printf -v "${1}_KEY" '%s' "@$T/$1.key"
}

# Writes $T/NAME.msk (mode 600) and sets PK_NAME.
lb_keygen() {
    local out
    out=$("$SEAL" keygen --json) || return 1
    (umask 077 && jget master_key <<<"$out" >"$T/$1.msk")
    printf -v "PK_$1" '%s' "$(jget public_key <<<"$out")"
}

lb_register() { # NAME URL PK
    local out
    out=$("$SEAL" localnet keyserver register --chain "$CHAIN" --key "$ADMIN_KEY" --name "$1" \
        --url "$2" --public-key "$3") || return 1
    printf -v "KS_$1" '%s' "$(jget key_server <<<"$out")"
}

lb_server() { # NAME [MSK_FROM]
    local name=$1 from=${2:-$1} port pk ks
    lb_keygen "$name" || return 1
    port=$(free_port)
    pk=PK_$name
    lb_register "$name" "http://127.0.0.1:$port" "${!pk}" || return 1
    ks=KS_$name
    printf -v "URL_$name" '%s' "http://127.0.0.1:$port"
    cat >"$T/$name.yaml" <<EOF
network: !Devnet
  seal_package: $SEALPKG
server_mode: !Open
  key_server_object_id: ${!ks}
chain: $CHAIN
listen: 127.0.0.1:$port
metrics_host_port: ""
master_key_file: $T/$from.msk
EOF
    "$SEAL" server --config "$T/$name.yaml" >"$T/$name.out" 2>"$T/$name.err" &
    LB_PIDS+=($!)
    local i
    for i in $(seq 1 100); do
        grep -q '^ready' "$T/$name.out" 2>/dev/null && return 0
        sleep 0.05
    done
    echo "server $name did not start: $(cat "$T/$name.err")" >&2
    return 1
}

lb_hanging() { # NAME: accepts connections and never answers
    local name=$1 port
    port=$(free_port)
    python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(16)
conns = []
while True:
    c, _ = s.accept(); conns.append(c)
' "$port" &
    LB_PIDS+=($!)
    lb_keygen "$name" || return 1
    local pk=PK_$name
    lb_register "$name" "http://127.0.0.1:$port" "${!pk}"
}
