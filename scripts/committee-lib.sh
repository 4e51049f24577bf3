# The steps of a committee key server on a local chain, shared by scripts/committee-demo.sh and
# tests/e2e/committee_interop.sh. Sourced after scripts/demo-lib.sh (cli, field, start,
# wait_ready, free_port, REASON). Each function returns non-zero with REASON set when a step does
# not behave as described; the state lives in globals:
#   chain seal_pkg examples   the local chain (cm_chain_up; its genesis.json)
#   addr[WHO] (WHO.key files) accounts (cm_accounts)
#   port[NAME] url[NAME]      member key servers by name (cm_register)
#   pk ks_c committee         the committee's public key, KeyServer and Committee (cm_dkg)
#   agg                       the aggregator's URL (cm_aggregator)
#   ks_i                      the independent key server (cm_independent)
#   allowlist cap             Alice's allowlist with Bob on it (cm_allowlist)
# The key servers allow an hour of staleness: the local chain's Clock only moves when told to
# (docs/ledger.md), and the interop test runs longer than the default two minutes.

# jlist KEY [FILE]: the 0x… strings of the JSON array "KEY" (default $W/out), one per line.
jlist() { sed -n "/\"$1\"/,/]/p" "${2:-$W/out}" | grep -o '0x[0-9a-f]*'; }

cm_chain_up() {
    cli localnet init --data "$W/chain" || return 1
    cp "$W/out" "$W/genesis.json"
    seal_pkg=$(field seal_package)
    examples=$(field examples_package)
    need_id seal_package "$seal_pkg" && need_id examples_package "$examples" || return 1
    start localnet "$seal" localnet serve --data "$W/chain" --listen 127.0.0.1:0
    wait_ready localnet || return 1
    chain=$READY_URL # the chain layer speaks gRPC to http:// URLs; localnet serve answers both
}

# cm_accounts WHO...: new accounts, their keys in $W/WHO.key (0600)
declare -A addr=()
cm_accounts() {
    local who
    for who in "$@"; do
        cli localnet account new || return 1
        addr[$who]=$(field address)
        need_id "$who's address" "${addr[$who]}" || return 1
        (umask 077 && printf '%s\n' "$(field private_key)" >"$W/$who.key")
    done
}

# cm_register WHO COMMITTEE NAME: a member's DKG keys (NAME.dkg) and its key server's URL (a
# free port, port[NAME]) and NAME on chain
declare -A port=() url=()
cm_register() {
    local who=$1 cid=$2 name=$3
    cli committee keygen --out "$W/$name.dkg" || return 1
    port[$name]=$(free_port) || return 1
    url[$name]=http://127.0.0.1:${port[$name]}
    cli committee register --chain "$chain" --key "@$W/$who.key" --committee "$cid" \
        --keys "$W/$name.dkg" --url "${url[$name]}" --name "$name"
}

# cm_dkg COORDINATOR T WHO...: a committee of the WHO members (party order), registered as
# member-WHO, a fresh DKG (messages in $W/msgs0, shares in $W/shares-WHO), proposals; sets
# committee, pk and ks_c.
cm_dkg() {
    local coord=$1 t=$2 m args=()
    shift 2
    for m in "$@"; do args+=(--member "${addr[$m]}"); done
    cli committee init --chain "$chain" --key "@$W/$coord.key" --threshold "$t" "${args[@]}" || return 1
    committee=$(field committee)
    need_id committee "$committee" || return 1
    for m in "$@"; do cm_register "$m" "$committee" "member-$m" || return 1; done
    mkdir -p "$W/msgs0"
    for m in "$@"; do
        cli committee create-message --keys "$W/member-$m.dkg" --chain "$chain" \
            --committee "$committee" --out-dir "$W/msgs0" || return 1
    done
    for m in "$@"; do
        mkdir -p "$W/shares-$m"
        cli committee process --keys "$W/member-$m.dkg" --chain "$chain" --committee "$committee" \
            --messages "$W/msgs0" --share-dir "$W/shares-$m" --out "$W/dkg-$m.json" || return 1
        [[ $(stat -c %a "$W/shares-$m/MASTER_SHARE_V0" 2>/dev/null) == 600 ]] || {
            REASON="no 0600 MASTER_SHARE_V0 for member $m"
            return 1
        }
    done
    pk=$(field key_server_pk "$W/dkg-$1.json")
    for m in "$@"; do
        [[ $(field key_server_pk "$W/dkg-$m.json") == "$pk" ]] || {
            REASON="the members disagree on the committee public key"
            return 1
        }
    done
    for m in "$@"; do
        cli committee propose --chain "$chain" --key "@$W/$m.key" --committee "$committee" \
            --from "$W/dkg-$m.json" || return 1
    done
    ks_c=$(field key_server)
    need_id key_server "$ks_c" || return 1
    cli committee show --chain "$chain" --key-server "$ks_c" || return 1
    grep -q "\"pk\": \"$pk\"" "$W/out" || {
        REASON="the KeyServer does not hold the DKG's public key"
        return 1
    }
}

# cm_member NAME WHO STATE SHARES: starts member NAME's key server (committee mode, member WHO,
# committee_state STATE, shares from the folder SHARES) on port[NAME]; wait_ready NAME after
cm_member() {
    local name=$1 who=$2 state=$3 shares=$4
    cat >"$W/$name.yaml" <<EOF
network: !Devnet
  seal_package: $seal_pkg
server_mode: !Committee
  member_address: '${addr[$who]}'
  key_server_obj_id: '$ks_c'
  committee_state: $state
enable_event_monitoring: false
committee_poll_interval: 1s
allowed_staleness: 1h
master_share_dir: $shares
chain: $chain
listen: 127.0.0.1:${port[$name]}
metrics_host_port: ""
threads: ${SERVER_THREADS:-2}
EOF
    start "$name" "$seal" server --config "$W/$name.yaml"
}

# cm_aggregator NAME... : the aggregator over ks_c with an API key for each member NAME,
# refreshing every second, members' timeout ${AGG_TIMEOUT:-3s}; sets agg (and agg_metrics when
# AGG_METRICS is set: its metrics URL)
cm_aggregator() {
    local name port_a mport
    port_a=$(free_port) || return 1
    {
        printf 'network: !Devnet\n  seal_package: %s\n' "$seal_pkg"
        printf "key_server_object_id: '%s'\nchain: %s\nlisten: 127.0.0.1:%s\n" "$ks_c" "$chain" "$port_a"
        if [[ -n ${AGG_METRICS:-} ]]; then
            mport=$(free_port) || return 1
            printf 'metrics_host_port: 127.0.0.1:%s\n' "$mport"
            agg_metrics=http://127.0.0.1:$mport/metrics
        else
            printf 'metrics_host_port: ""\n'
        fi
        printf 'committee_refresh_interval: 1s\nkey_server_timeout: %s\napi_credentials:\n' "${AGG_TIMEOUT:-3s}"
        for name in "$@"; do printf '  %s: {api_key_name: X-API-Key, api_key: key-of-%s}\n' "$name" "$name"; done
    } >"$W/aggregator.yaml"
    start aggregator "$seal" aggregator --config "$W/aggregator.yaml"
    wait_ready aggregator || return 1
    agg=$READY_URL
}

# cm_independent OPERATOR [NAME]: an independent key server NAME (default indep; Open mode,
# its master key in NAME.key) registered and running; ks_i, and ks_ind[NAME]
declare -A ks_ind=()
cm_independent() {
    local p name=${2:-indep} indep_pk
    cli keygen || return 1
    sed -n 's/^Master key: //p' "$W/out" | (umask 077 && cat >"$W/$name.key")
    indep_pk=$(sed -n 's/^Public key: //p' "$W/out")
    p=$(free_port) || return 1
    cli localnet keyserver register --chain "$chain" --key "@$W/$1.key" --name "$name" \
        --url "http://127.0.0.1:$p" --public-key "$indep_pk" || return 1
    ks_i=$(field key_server)
    need_id key_server "$ks_i" || return 1
    ks_ind[$name]=$ks_i
    cat >"$W/$name.yaml" <<EOF
network: !Devnet
  seal_package: $seal_pkg
server_mode: !Open
  key_server_object_id: $ks_i
chain: $chain
listen: 127.0.0.1:$p
metrics_host_port: ""
master_key_file: $W/$name.key
allowed_staleness: 1h
threads: ${SERVER_THREADS:-2}
EOF
    start "$name" "$seal" server --config "$W/$name.yaml"
    wait_ready "$name"
}

# cm_allowlist OWNER MEMBER: OWNER's allowlist with MEMBER on it; allowlist, cap
cm_allowlist() {
    cli localnet allowlist create --chain "$chain" --key "@$W/$1.key" --name readers || return 1
    allowlist=$(field allowlist)
    cap=$(field cap)
    need_id allowlist "$allowlist" || return 1
    cli localnet allowlist add --chain "$chain" --key "@$W/$1.key" --allowlist "$allowlist" \
        --cap "$cap" --member "${addr[$2]}"
}

# cm_rotate INITIATOR T CONTINUING... -- NEW...: a rotation of ks_c to a committee of the
# CONTINUING members (who deal their V0 shares) and the NEW ones, in that party order, registered
# as member-WHO2 (continuing) or member-WHO (new); V1 shares in $W/shares-WHO; sets committee1.
declare -A rot_name=()
cm_rotate() {
    local init=$1 t=$2 m args=() cont=() new=() all=()
    shift 2
    while [[ $# -gt 0 && $1 != -- ]]; do cont+=("$1"); shift; done
    [[ ${1:-} == -- ]] && shift
    new=("$@")
    all=("${cont[@]}" "${new[@]}")
    for m in "${all[@]}"; do args+=(--member "${addr[$m]}"); done
    for m in "${cont[@]}"; do rot_name[$m]=member-${m}2; done
    for m in "${new[@]}"; do rot_name[$m]=member-$m; done
    cli committee init-rotation --chain "$chain" --key "@$W/$init.key" --key-server "$ks_c" \
        --threshold "$t" "${args[@]}" || return 1
    committee1=$(field committee)
    need_id committee "$committee1" || return 1
    for m in "${all[@]}"; do cm_register "$m" "$committee1" "${rot_name[$m]}" || return 1; done
    mkdir -p "$W/msgs1"
    for m in "${cont[@]}"; do
        cli committee create-message --keys "$W/${rot_name[$m]}.dkg" --chain "$chain" \
            --committee "$committee1" --old-share "@$W/shares-$m/MASTER_SHARE_V0" \
            --out-dir "$W/msgs1" || return 1
    done
    for m in "${all[@]}"; do
        mkdir -p "$W/shares-$m"
        cli committee process --keys "$W/${rot_name[$m]}.dkg" --chain "$chain" \
            --committee "$committee1" --messages "$W/msgs1" --share-dir "$W/shares-$m" \
            --out "$W/rot-$m.json" || return 1
        [[ $(field key_server_pk "$W/rot-$m.json") == "$pk" ]] || {
            REASON="member $m: the rotation changed the public key"
            return 1
        }
    done
    for m in "${all[@]}"; do
        cli committee propose-rotation --chain "$chain" --key "@$W/$m.key" \
            --committee "$committee1" --from "$W/rot-$m.json" || return 1
    done
    cli committee show --chain "$chain" --key-server "$ks_c" || return 1
    grep -q '"version": 1' "$W/out" && grep -q "\"pk\": \"$pk\"" "$W/out" || {
        REASON="the KeyServer is not at version 1 with the same pk: $(head -c 400 "$W/out")"
        return 1
    }
}

# cm_wait_log NAME PATTERN SECONDS: waits for PATTERN (grep -E) in NAME's stderr
cm_wait_log() {
    local deadline=$(($(now_ms) + $3 * 1000))
    until grep -qE "$2" "$W/$1.err" 2>/dev/null; do
        [[ $(now_ms) -lt $deadline ]] || {
            REASON="no /$2/ in $1's log within $3 s"
            return 1
        }
        sleep 0.1
    done
}
