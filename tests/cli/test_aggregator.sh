#!/usr/bin/env bash
# seal aggregator from the command line: --check-config on good and bad files, usage errors, a
# start against a chain whose key server is not a committee (exit 3, one line), the client
# options --key-server 0xID[:W][@URL] and --api-key 0xID:HEADER:VALUE refused when malformed
# (the API key never echoed). The running aggregator is tested by e2e_committee and
# interop_committee.
source "$(dirname "$0")/lib.sh" "$@"
SEAL=$(realpath "$SEAL")
cd "$T" || exit 1
KS=0x$(rand_hex 32)
cat >good.yaml <<YAML
network: Testnet
key_server_object_id: '$KS'
listen: 127.0.0.1:0
metrics_host_port: ""
key_server_timeout_secs: 2
api_credentials:
  member-0: {api_key_name: X-API-Key, api_key: very-secret-0}
YAML
expect 0 "--check-config on a good file" "$SEAL" aggregator --config good.yaml --check-config
check "prints config ok" grep -qx "config ok" "$T/out"
printf 'network: Testnet\n' >missing.yaml
expect_error 2 "a missing key_server_object_id" "$SEAL" aggregator --config missing.yaml --check-config
check "... named" grep -q key_server_object_id "$T/err"
printf 'network: Testnet\nkey_server_object_id: 0x1\nmaster_key_file: /x\n' >keyserver.yaml
expect_error 2 "a key server key" "$SEAL" aggregator --config keyserver.yaml --check-config
printf 'network: Testnet\nkey_server_object_id: 0x1\napi_credentials:\n  m: {api_key_name: "X Y", api_key: hidden-value}\n' >badname.yaml
expect_error 2 "an API key header name with a space" "$SEAL" aggregator --config badname.yaml --check-config
check "... the key not quoted" bash -c "! grep -q hidden-value '$T/err'"
expect_error 2 "no --config" env -u CONFIG_PATH "$SEAL" aggregator
check "... names CONFIG_PATH" grep -q CONFIG_PATH "$T/err"
expect 0 "the file CONFIG_PATH names (upstream's variable)" env CONFIG_PATH=good.yaml "$SEAL" aggregator --check-config
expect_error 2 "... and its errors" env CONFIG_PATH=missing.yaml "$SEAL" aggregator --check-config
check "... named" grep -q key_server_object_id "$T/err"
expect_error 2 "an empty CONFIG_PATH" env CONFIG_PATH= "$SEAL" aggregator --check-config
expect 0 "--config wins over CONFIG_PATH" env CONFIG_PATH=missing.yaml "$SEAL" aggregator --config good.yaml --check-config
expect_error 2 "a file that does not exist" "$SEAL" aggregator --config "$T/none.yaml" --check-config

# a chain whose object is not a committee key server
"$SEAL" localnet init --data chain >/dev/null || bad "localnet init"
A=$("$SEAL" localnet account new)
KEY=$(sed -n 's/.*"private_key": "\([^"]*\)".*/\1/p' <<<"$A")
K=$("$SEAL" keygen --json)
PK=$(sed -n 's/.*"public_key": "\([^"]*\)".*/\1/p' <<<"$K")
R=$("$SEAL" localnet keyserver register --data chain --key "$KEY" --name indep \
    --url http://127.0.0.1:1 --public-key "$PK")
IND=$(sed -n 's/.*"key_server": "\([^"]*\)".*/\1/p' <<<"$R")
SEALPKG=0x0000000000000000000000000000000000000000000000000000000000005ea1
cat >indep.yaml <<YAML
network: !Devnet
  seal_package: $SEALPKG
key_server_object_id: '$IND'
chain: embedded:$T/chain
listen: 127.0.0.1:0
metrics_host_port: ""
YAML
expect_error 3 "an independent key server is not a committee" timeout 20 "$SEAL" aggregator --config indep.yaml
check "... says so" grep -q "not a committee" "$T/err"
sed "s/$IND/$KS/" indep.yaml >unknown.yaml
expect_error 3 "an unknown key server" timeout 20 "$SEAL" aggregator --config unknown.yaml

# the client options
expect_error 2 "--key-server with a bad URL" "$SEAL" encrypt --chain "embedded:$T/chain" \
    --key-server "$IND@ftp://x" --threshold 1 --package "$SEALPKG" --id 00
expect 0 "an object for the independent server" "$SEAL" encrypt --package-id "$SEALPKG" --id 00 \
    --threshold 1 --server "$IND:$PK" --in /dev/null --out obj
expect 0 "a session" "$SEAL" session create --key "$KEY" --package "$SEALPKG" --out s.json
C=(--session s.json --chain "embedded:$T/chain" --approve "$SEALPKG::m::seal_approve" --in obj)
expect_error 2 "--key-server with a weight in fetch-keys" "$SEAL" fetch-keys "${C[@]}" \
    --key-server "$IND:2@http://127.0.0.1:1"
expect_error 2 "--api-key without a header" "$SEAL" fetch-keys "${C[@]}" --api-key "$IND:secret-value"
check "... the value not echoed" bash -c "! grep -q secret-value '$T/err'"
expect_error 2 "--api-key with a bad header name" "$SEAL" fetch-keys "${C[@]}" \
    --api-key "$IND:X Y:secret-value"
check "... the value not echoed" bash -c "! grep -q secret-value '$T/err'"
finish
