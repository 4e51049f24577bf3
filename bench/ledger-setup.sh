# Shared by bench/ledger-rpc.sh and bench/ledger-grpc.sh (sourced): a fresh ledger made with the
# CLI (localnet init, account new, allowlist create/add), `seal localnet serve` on a free port,
# and the BCS TransactionData (Base64) of examples::allowlist::seal_approve by the member (or,
# with deny=1, a stranger). Needs: seal, server_threads, deny. Sets: dir, pid, url, tx_b64;
# cleanup() on EXIT.
ledger_setup() {
    dir=$(mktemp -d)
    pid=
    cleanup() {
        [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
        rm -rf "$dir"
    }
    trap cleanup EXIT

    json() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
    "$seal" localnet init --data "$dir" >"$dir/init.json"
    examples=$(json examples_package <"$dir/init.json")
    "$seal" localnet account new >"$dir/owner.json"
    "$seal" localnet account new >"$dir/member.json"
    owner_key=$(json private_key <"$dir/owner.json")
    member=$(json address <"$dir/member.json")
    "$seal" localnet allowlist create --data "$dir" --key "$owner_key" --name bench >"$dir/al.json"
    allowlist=$(json allowlist <"$dir/al.json")
    cap=$(json cap <"$dir/al.json")
    "$seal" localnet allowlist add --data "$dir" --key "$owner_key" --allowlist "$allowlist" \
        --cap "$cap" --member "$member" >/dev/null
    sender=$member
    if ((deny)); then
        "$seal" localnet account new >"$dir/stranger.json"
        sender=$(json address <"$dir/stranger.json")
    fi

    "$seal" localnet serve --data "$dir" --listen 127.0.0.1:0 --threads "$server_threads" \
        >"$dir/serve.out" &
    pid=$!
    for _ in $(seq 100); do
        grep -q '^ready ' "$dir/serve.out" 2>/dev/null && break
        sleep 0.05
    done
    url=$(sed -n 's/^ready //p' "$dir/serve.out")
    [[ -n $url ]] || { echo "$1: the server did not start" >&2; exit 3; }

    # The allowlist's initial shared version, then BCS TransactionData V1 of
    # examples::allowlist::seal_approve(id = allowlist id || 8 bytes, &Allowlist) by the sender.
    isv=$(curl -sf "$url" -H 'Content-Type: application/json' \
        -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sui_getObject\",\"params\":[\"$allowlist\",{\"showOwner\":true}]}" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["data"]["owner"]["Shared"]["initial_shared_version"])')
    tx_b64=$(python3 - "$examples" "$allowlist" "$isv" "$sender" <<'PY'
import base64, json, struct, sys
pkg, obj = (bytes.fromhex(a[2:].rjust(64, "0")) for a in sys.argv[1:3])
isv, sender = int(sys.argv[3]), bytes.fromhex(sys.argv[4][2:].rjust(64, "0"))
def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F; n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n: return bytes(out)
def s(b): return uleb(len(b)) + b
inner = obj + b"\x01" * 8
pure = s(inner)                                   # BCS vector<u8>
inputs = uleb(2) + b"\x00" + s(pure) + b"\x01\x01" + obj + struct.pack("<Q", isv) + b"\x00"
cmd = b"\x00" + pkg + s(b"allowlist") + s(b"seal_approve") + uleb(0) + uleb(2) \
    + b"\x01" + struct.pack("<H", 0) + b"\x01" + struct.pack("<H", 1)
tx = b"\x00" + b"\x00" + inputs + uleb(1) + cmd + sender \
    + uleb(0) + sender + struct.pack("<Q", 1000) + struct.pack("<Q", 500000000) + b"\x00"
print(base64.b64encode(tx).decode())
PY
    )
}
