#!/usr/bin/env bash
# seal session create|show and the checks the networked commands make before any network
# access: key formats, TTL bounds, file mode, tampered and expired sessions, mode conflicts.
# Keys: the Ed25519 user key and session key of spec/session_and_request.json
# (full_fetch_key_request_example), whose certificate expired in 2025.
source "$(dirname "$0")/../cli/lib.sh" "$@"

USER_KEY=suiprivkey1qqgzvw5zc2zmga0uyp4rzcgk42pzzw6387zqhahr82pp95yz0scscffh2d8
USER_ADDR=0xb743cafeb5da4914cef0cf0a32400c9adfedc5cdb64209f9e740e56d23065100
SESSION_KEY=suiprivkey1qqrswpc8qurswpc8qurswpc8qurswpc8qurswpc8qurswpc8qurswxzszc4
PKG=0x9709d4ee371488c2bc09f508e98e881bd1d5335e0805d7e6a99edd54a7027954
SIG=$(node -e 'const v=JSON.parse(require("fs").readFileSync(process.argv[1])).vectors.find(x=>x.name==="full_fetch_key_request_example");console.log(v.user_signature_base64)' "$VECTORS/spec/session_and_request.json" 2>/dev/null ||
    python3 -c 'import json,sys;print([v for v in json.load(open(sys.argv[1]))["vectors"] if v["name"]=="full_fetch_key_request_example"][0]["user_signature_base64"])' "$VECTORS/spec/session_and_request.json")

# create / show
expect 0 "session create" "$SEAL" session create --key "$USER_KEY" --package "$PKG" --ttl-min 5 --out "$T/s.json"
check "session file mode 0600" test "$(mode_of "$T/s.json")" = 600
check "create prints the address" grep -q "\"address\": \"$USER_ADDR\"" "$T/out"
check "create prints no secret" bash -c "! grep -q suiprivkey '$T/out'"
check "the file holds the session key" grep -q '"sessionKey": "suiprivkey1' "$T/s.json"
check "the file uses the SDK field names" grep -q '"personalMessageSignature"' "$T/s.json"
expect 0 "session show" "$SEAL" session show "$T/s.json"
check "show: not expired" grep -q '"expired": false' "$T/out"
check "show: ttl" grep -q '"ttl_min": 5' "$T/out"
check "show: package" grep -q "\"package_id\": \"$PKG\"" "$T/out"
echo "$USER_KEY" >"$T/user.key"
expect 0 "session create --key @FILE" "$SEAL" session create --key "@$T/user.key" --package "$PKG" --out "$T/s2.json"
expect 0 "session create --mvr-name" "$SEAL" session create --key "$USER_KEY" --package "$PKG" --mvr-name @my/app --out "$T/s3.json"
check "mvr name kept" grep -q '"mvrName": "@my/app"' "$T/s3.json"

# usage errors (exit 2), secrets never echoed
expect_error 2 "bad key" "$SEAL" session create --key suiprivkey1nope --package "$PKG" --out "$T/x.json"
check "bad key not echoed" bash -c "! grep -q nope '$T/err'"
expect_error 2 "ttl 31" "$SEAL" session create --key "$USER_KEY" --package "$PKG" --ttl-min 31 --out "$T/x.json"
expect_error 2 "ttl 0" "$SEAL" session create --key "$USER_KEY" --package "$PKG" --ttl-min 0 --out "$T/x.json"
expect_error 2 "no --out" "$SEAL" session create --key "$USER_KEY" --package "$PKG"
expect_error 2 "--out -" "$SEAL" session create --key "$USER_KEY" --package "$PKG" --out -
expect_error 2 "bad mvr name" "$SEAL" session create --key "$USER_KEY" --package "$PKG" --mvr-name 'a"b' --out "$T/x.json"
check "nothing written on error" test ! -e "$T/x.json"
expect_error 2 "unknown subcommand" "$SEAL" session destroy
expect_error 2 "show without file" "$SEAL" session show
expect_error 3 "show of a missing file" "$SEAL" session show "$T/missing.json"

# tampered files are refused (exit 1)
sed 's/"ttlMin": 5/"ttlMin": 6/' "$T/s.json" >"$T/t1.json"
expect_error 1 "tampered ttl" "$SEAL" session show "$T/t1.json"
sed 's/"address": "0x[0-9a-f]*"/"address": "0x1"/' "$T/s.json" >"$T/t2.json"
expect_error 1 "tampered address" "$SEAL" session show "$T/t2.json"
echo '{' >"$T/t3.json"
expect_error 1 "not JSON" "$SEAL" session show "$T/t3.json"

# an expired session with a valid signature (the vector's, from 2025)
cat >"$T/expired.json" <<EOF
{"address": "$USER_ADDR", "packageId": "$PKG", "mvrName": null, "creationTimeMs": 1750000000000,
 "ttlMin": 10, "personalMessageSignature": "$SIG", "sessionKey": "$SESSION_KEY"}
EOF
expect 0 "show an expired session" "$SEAL" session show "$T/expired.json"
check "show: expired" grep -q '"expired": true' "$T/out"
check "show: vector's session key" grep -q '"session_vk": "6kpsY+KcUgq+9VB7Ey7F+ZVHdq6+vnuSQh7qaRRG0iw="' "$T/out"

# decrypt/fetch-keys: checks before the network
PK=$("$SEAL" keygen --json | sed -n 's/.*"public_key": *"\([^"]*\)".*/\1/p')
echo hello >"$T/m.txt"
expect 0 "offline encrypt for the test" "$SEAL" encrypt --package-id "$PKG" --id 0a0b --threshold 1 --server "0x1:$PK" --in "$T/m.txt" --out "$T/m.seal"
expect_error 1 "decrypt with an expired session" "$SEAL" decrypt --session "$T/expired.json" --chain "embedded:$T/nochain" --approve "$PKG::allowlist::seal_approve" --in "$T/m.seal" --out "$T/m.out"
check "expired: no output" test ! -e "$T/m.out"
check "expired: says so" grep -q expired "$T/err"
expect_error 1 "fetch-keys with an expired session" "$SEAL" fetch-keys --session "$T/expired.json" --chain "embedded:$T/nochain" --approve "$PKG::allowlist::seal_approve" --in "$T/m.seal"
expect_error 2 "decrypt: --key and --session" "$SEAL" decrypt --key "0x1:$(printf '%096d' 0)" --session "$T/s.json" --in "$T/m.seal"
"$SEAL" session create --key "$USER_KEY" --package 0x2 --out "$T/other.json" >/dev/null
expect_error 2 "decrypt: session of another package" "$SEAL" decrypt --session "$T/other.json" --chain "embedded:$T/nochain" --approve "0x2::m::seal_approve" --in "$T/m.seal"
expect_error 2 "decrypt: bad --approve" "$SEAL" decrypt --session "$T/s.json" --chain "embedded:$T/nochain" --approve "$PKG::allowlist::other" --in "$T/m.seal"
expect_error 2 "decrypt: bad --arg" "$SEAL" decrypt --session "$T/s.json" --chain "embedded:$T/nochain" --approve "$PKG::allowlist::seal_approve" --arg u64:x --in "$T/m.seal"
expect_error 2 "decrypt: bad chain spec" "$SEAL" decrypt --session "$T/s.json" --chain "nowhere" --approve "$PKG::allowlist::seal_approve" --in "$T/m.seal"
expect_error 2 "encrypt: --server and --key-server" "$SEAL" encrypt --chain "embedded:$T/nochain" --key-server 0x1 --server "0x1:$PK" --package "$PKG" --id 00 --threshold 1 --in "$T/m.txt" --out "$T/x.seal"
expect_error 2 "encrypt: --key-server without --chain" "$SEAL" encrypt --key-server 0x1 --package "$PKG" --id 00 --threshold 1 --in "$T/m.txt" --out "$T/x.seal"
expect_error 2 "encrypt: no package" "$SEAL" encrypt --server "0x1:$PK" --id 00 --threshold 1 --in "$T/m.txt" --out "$T/x.seal"
for c in session fetch-keys; do
    expect 0 "$c --help" "$SEAL" $c --help
done

echo "$PASS passed, $FAIL failed"
[[ $FAIL == 0 ]]
