# The allowlist story, sourced by test_allowlist.sh (chain: embedded) and test_allowlist_rpc.sh
# (chain: seal localnet serve over JSON-RPC, for the CLI and the key servers alike): Bob (on the
# list) decrypts, Carol (not on it) is denied; weights; a server answering with another master
# key than the registered one (detected and skipped); a server that accepts and never answers
# (timeout; the others suffice); Bob removed from the list.

lb_init || { bad "localnet init"; exit 1; }
lb_account ADMIN && lb_account BOB && lb_account CAROL || { bad "accounts"; exit 1; }
lb_server ks1 && lb_server ks2 && lb_server ks3 || { bad "key servers"; exit 1; }
lb_server liar ks1 || { bad "lying key server"; exit 1; }
lb_hanging mute || { bad "hanging key server"; exit 1; }
ok "chain, 4 key servers and a hanging one"

out=$("$SEAL" localnet allowlist create --chain "$CHAIN" --key "$ADMIN_KEY" --name club) || { bad "allowlist create"; exit 1; }
AL=$(jget allowlist <<<"$out")
CAP=$(jget cap <<<"$out")
expect 0 "add Bob to the allowlist" "$SEAL" localnet allowlist add --chain "$CHAIN" --key "$ADMIN_KEY" --allowlist "$AL" --cap "$CAP" --member "$BOB_ADDR"
ID=${AL#0x}0102030405
APPROVE=$EXAMPLES::allowlist::seal_approve
head -c 1024 /dev/urandom >"$T/msg"

enc() { # OUT THRESHOLD KEY-SERVER...
    local out=$1 t=$2
    shift 2
    local ks=()
    for k in "$@"; do ks+=(--key-server "$k"); done
    expect 0 "encrypt $out ($t of $*)" "$SEAL" encrypt --chain "$CHAIN" "${ks[@]}" --threshold "$t" --package "$EXAMPLES" --id "$ID" --in "$T/msg" --out "$T/$out"
}
dec() { # CODE DESC SESSION OBJECT [OPTIONS]
    local code=$1 desc=$2 s=$3 obj=$4
    shift 4
    rm -f "$T/plain"
    expect "$code" "$desc" "$SEAL" decrypt --session "$T/$s" --chain "$CHAIN" --approve "$APPROVE" --arg "object:$AL" --in "$T/$obj" --out "$T/plain" "$@"
}

enc o23 2 "$KS_ks1" "$KS_ks2" "$KS_ks3"
expect 0 "Bob: session create" "$SEAL" session create --key "$BOB_KEY" --package "$EXAMPLES" --chain "$CHAIN" --out "$T/bob.session"
expect 0 "Carol: session create" "$SEAL" session create --key "$CAROL_KEY" --package "$EXAMPLES" --out "$T/carol.session"
dec 0 "Bob decrypts 2-of-3" bob.session o23
check "Bob's plaintext is the message" cmp -s "$T/msg" "$T/plain"
dec 1 "Carol is denied" carol.session o23
check "Carol: NoAccess named" grep -q "NoAccess" "$T/err"
check "Carol: no output" test ! -e "$T/plain"
expect 0 "Bob: fetch-keys" "$SEAL" fetch-keys --session "$T/bob.session" --chain "$CHAIN" --approve "$APPROVE" --arg "object:$AL" --in "$T/o23"
check "fetch-keys: two or more verified keys" test "$(grep -c '"key": "0x' "$T/out")" -ge 2
mapfile -t KEYARGS < <(python3 -c 'import json,sys
for k in json.load(open(sys.argv[1]))["keys"]: print("--key"); print(k["object_id"] + ":" + k["key"])' "$T/out")
expect 0 "the fetched keys decrypt offline (seal decrypt --key)" "$SEAL" decrypt "${KEYARGS[@]}" --in "$T/o23" --out "$T/plain2"
check "offline plaintext" cmp -s "$T/msg" "$T/plain2"

# weights: ks1 counts twice, so ks1 alone reaches 2 (the others are the liar and the mute one)
enc ow 2 "$KS_ks1:2" "$KS_liar" "$KS_mute"
dec 0 "weighted: ks1 (weight 2) suffices" bob.session ow --timeout-ms 3000
check "weighted: plaintext" cmp -s "$T/msg" "$T/plain"

# a lying server: its keys do not verify against its registered public key
enc olie 3 "$KS_liar" "$KS_ks1" "$KS_ks2"
dec 1 "all three needed, one lies: refused" bob.session olie
check "the liar is named (InvalidKey)" grep -q "InvalidKey" "$T/err"
enc olie2 2 "$KS_liar" "$KS_ks1" "$KS_ks2"
dec 0 "2 of 3 with a liar: the honest two suffice" bob.session olie2
check "plaintext with a liar" cmp -s "$T/msg" "$T/plain"

# a server that never answers
enc omute 2 "$KS_mute" "$KS_ks1" "$KS_ks2"
start=$(date +%s%N)
dec 0 "2 of 3 with a hanging server" bob.session omute --timeout-ms 20000
check "no waiting for the hanging server" test $(( ($(date +%s%N) - start) / 1000000 )) -lt 10000
enc omute3 3 "$KS_mute" "$KS_ks1" "$KS_ks2"
dec 3 "3 of 3 with a hanging server: timeout" bob.session omute3 --timeout-ms 500
check "timeout named" grep -q "Timeout" "$T/err"

# Bob removed from the list: denied from then on (new session: no cached keys across runs)
expect 0 "remove Bob" "$SEAL" localnet allowlist remove --chain "$CHAIN" --key "$ADMIN_KEY" --allowlist "$AL" --cap "$CAP" --member "$BOB_ADDR"
dec 1 "Bob removed: denied" bob.session o23

# over gRPC, nothing in the story (CLI, C client, key servers) used the node's JSON-RPC
if [[ ${LB_RPC:-} == grpc ]]; then
    curl -sf "$LB_NODE/metrics" >"$T/node.metrics"
    check "gRPC requests served" grep -Eq '^seal_localnet_requests_total\{protocol="grpc_web"\} [1-9]' "$T/node.metrics"
    check "no JSON-RPC request" grep -q '^seal_localnet_requests_total{protocol="jsonrpc"} 0$' "$T/node.metrics"
fi

echo "$PASS passed, $FAIL failed"
[[ $FAIL == 0 ]]
