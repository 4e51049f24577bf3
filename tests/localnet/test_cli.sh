#!/usr/bin/env bash
# seal localnet: every subcommand on an embedded ledger (init, account new, allowlist
# create|add|remove, keyserver register, subscription create-service|subscribe, clock advance,
# object), checked through the objects they leave; usage errors, key files, refusals.
source "$(dirname "$0")/../cli/lib.sh" "$@"

D=$T/net
# field NAME FILE: the value of "NAME": "..." in a one-line JSON file.
field() {
    sed -n "s/.*\"$1\": \"\\([^\"]*\\)\".*/\\1/p" "$2"
}
# num NAME FILE: the value of "NAME": N.
num() {
    sed -n "s/.*\"$1\": \\([0-9]*\\).*/\\1/p" "$2"
}

# ---- help and usage ----
expect 0 "localnet --help" "$SEAL" localnet --help &&
    check "--help lists the subcommands" grep -q "subscription create-service" "$T/out"
for sub in "init" "account new" "allowlist create" "allowlist add" "allowlist remove" \
    "keyserver register" "subscription create-service" "subscription subscribe" \
    "clock advance" "object"; do
    # shellcheck disable=SC2086
    expect 0 "$sub --help" "$SEAL" localnet $sub --help &&
        check "$sub --help prints its usage" grep -q "^usage: seal localnet $sub" "$T/out"
    # shellcheck disable=SC2086
    expect_error 2 "$sub: unknown option" "$SEAL" localnet $sub --bogus
done
expect_error 2 "no subcommand" "$SEAL" localnet
expect_error 2 "unknown subcommand" "$SEAL" localnet frobnicate
expect_error 2 "unknown allowlist subcommand" "$SEAL" localnet allowlist frob
expect_error 2 "init without --data" "$SEAL" localnet init
expect_error 2 "init: bad --clock-ms" "$SEAL" localnet init --data "$D" --clock-ms -5

# ---- init ----
expect 0 "init" "$SEAL" localnet init --data "$D" --clock-ms 1000000 && cp "$T/out" "$T/init"
check "init: chain is embedded:<absolute DIR>" grep -q "\"chain\": \"embedded:$D\"" "$T/init"
check "init: packages and clock" grep -q '"seal_package": "0x0*5ea1".*"examples_package": "0x0*5ea3".*"clock": "0x0*6"' "$T/init"
check "init: ledger file" test -s "$D/ledger.db"
PV=$(field subscription_package_version "$T/init")
expect 0 "object: the subscription PackageVersion" "$SEAL" localnet object --data "$D" "$PV"
check "PackageVersion is shared at version 1" grep -q '"Shared": {"initial_shared_version": 1}' "$T/out"
expect 0 "init again keeps the ledger" "$SEAL" localnet init --data "$D"
check "init again prints the same" cmp -s "$T/out" "$T/init"
echo "not a ledger" >"$T/junk.db"
mkdir "$T/junk" && cp "$T/junk.db" "$T/junk/ledger.db"
expect_error 3 "init refuses a file that is not a ledger" "$SEAL" localnet init --data "$T/junk"
check "the refused file is untouched" cmp -s "$T/junk.db" "$T/junk/ledger.db"
expect 0 "clock object" "$SEAL" localnet object --data "$D" 0x6
check "clock type" grep -q '"type": "0x2::clock::Clock"' "$T/out"

# ---- accounts ----
expect 0 "account new" "$SEAL" localnet account new && cp "$T/out" "$T/alice"
expect 0 "account new --scheme secp256k1" "$SEAL" localnet account new --scheme secp256k1 &&
    cp "$T/out" "$T/bob"
expect 0 "account new --scheme secp256r1" "$SEAL" localnet account new --scheme secp256r1 &&
    check "secp256r1 scheme printed" grep -q '"scheme": "secp256r1"' "$T/out"
expect_error 2 "account new: unknown scheme" "$SEAL" localnet account new --scheme rsa
ALICE=$(field address "$T/alice")
AKEY=$(field private_key "$T/alice")
BOB=$(field address "$T/bob")
BKEY=$(field private_key "$T/bob")
check "addresses are 0x + 64 hex" bash -c "[[ $ALICE =~ ^0x[0-9a-f]{64}$ && $BOB =~ ^0x[0-9a-f]{64}$ ]]"
check "keys are suiprivkey" bash -c "[[ $AKEY == suiprivkey1* && $BKEY == suiprivkey1* ]]"
(umask 077 && echo "$AKEY" >"$T/alice.key")
echo "$AKEY" >"$T/open.key" && chmod 644 "$T/open.key"

# ---- allowlist ----
expect 0 "allowlist create (key file)" "$SEAL" localnet allowlist create --data "$D" \
    --key "@$T/alice.key" --name team && cp "$T/out" "$T/al"
AL=$(field allowlist "$T/al")
CAP=$(field cap "$T/al")
check "allowlist create prints digest and ids" bash -c "[[ -n '$(field digest "$T/al")' && $AL =~ ^0x && $CAP =~ ^0x ]]"
expect 0 "allowlist create again, same name and key" "$SEAL" localnet allowlist create \
    --data "$D" --key "@$T/alice.key" --name team && cp "$T/out" "$T/al2"
check "the same command twice makes two transactions and two allowlists" bash -c \
    "[[ '$(field allowlist "$T/al2")' =~ ^0x && '$(field allowlist "$T/al2")' != '$AL' && '$(field digest "$T/al2")' != '$(field digest "$T/al")' ]]"
expect 0 "object: the allowlist" "$SEAL" localnet object --data "$D" "$AL"
check "allowlist is shared" grep -q '"Shared"' "$T/out"
check "allowlist type" grep -q '::allowlist::Allowlist' "$T/out"
expect 0 "object: the cap" "$SEAL" localnet object --data "$D" "$CAP"
check "cap owned by alice" grep -q "\"AddressOwner\": \"$ALICE\"" "$T/out"
expect_error 3 "a group-readable key file is refused" "$SEAL" localnet allowlist create \
    --data "$D" --key "@$T/open.key" --name x
check "the key never appears in messages" bash -c "! grep -q '$AKEY' '$T/err'"
expect_error 3 "a missing key file" "$SEAL" localnet allowlist create --data "$D" \
    --key "@$T/none.key" --name x
expect_error 2 "a malformed key" "$SEAL" localnet allowlist create --data "$D" \
    --key suiprivkey1qqqq --name x
expect_error 2 "--chain and --data together" "$SEAL" localnet allowlist create --data "$D" \
    --chain "embedded:$D" --key "$AKEY" --name x
expect_error 2 "neither --chain nor --data" "$SEAL" localnet allowlist create --key "$AKEY" \
    --name x
expect_error 2 "a bad chain spec" "$SEAL" localnet allowlist create --chain ftp://x \
    --key "$AKEY" --name x
expect_error 3 "no ledger at the folder" "$SEAL" localnet allowlist create --data "$T/nowhere" \
    --key "$AKEY" --name x

expect 0 "allowlist add bob" "$SEAL" localnet allowlist add --chain "embedded:$D" --key "$AKEY" \
    --allowlist "$AL" --cap "$CAP" --member "$BOB"
check "add prints a digest" grep -q '^{"digest": "[1-9A-HJ-NP-Za-km-z]*"}$' "$T/out"
expect 0 "object: the allowlist after add" "$SEAL" localnet object --data "$D" "$AL"
check "allowlist version 2" grep -q '"version": "2"' "$T/out"
check "bob is in the list (BCS)" bash -c "grep -o '\"bcsBytes\": \"[^\"]*\"' '$T/out' | \
    sed 's/.*: \"//; s/\"//' | base64 -d | od -An -tx1 | tr -d ' \n' | grep -q '${BOB#0x}'"
expect_error 1 "add bob twice aborts" "$SEAL" localnet allowlist add --data "$D" --key "$AKEY" \
    --allowlist "$AL" --cap "$CAP" --member "$BOB"
check "the abort is named" grep -q "allowlist::add with code 2" "$T/err"
expect_error 1 "bob cannot use alice's cap" "$SEAL" localnet allowlist add --data "$D" \
    --key "$BKEY" --allowlist "$AL" --cap "$CAP" --member "$ALICE"
expect_error 1 "unknown allowlist" "$SEAL" localnet allowlist add --data "$D" --key "$AKEY" \
    --allowlist 0x1234 --cap "$CAP" --member "$BOB"
expect_error 2 "bad member address" "$SEAL" localnet allowlist add --data "$D" --key "$AKEY" \
    --allowlist "$AL" --cap "$CAP" --member bob
expect 0 "allowlist remove bob" "$SEAL" localnet allowlist remove --data "$D" --key "$AKEY" \
    --allowlist "$AL" --cap "$CAP" --member "$BOB"
expect 0 "object: the allowlist after remove" "$SEAL" localnet object --data "$D" "$AL"
check "allowlist version 3" grep -q '"version": "3"' "$T/out"
check "bob is no longer in the list" bash -c "! (grep -o '\"bcsBytes\": \"[^\"]*\"' '$T/out' | \
    sed 's/.*: \"//; s/\"//' | base64 -d | od -An -tx1 | tr -d ' \n' | grep -q '${BOB#0x}')"

# ---- key server ----
"$SEAL" keygen --json >"$T/ks" || bad "keygen"
PK=$(field public_key "$T/ks")
expect 0 "keyserver register" "$SEAL" localnet keyserver register --data "$D" --key "$AKEY" \
    --name ks1 --url http://127.0.0.1:1 --public-key "$PK" && cp "$T/out" "$T/ksr"
KS=$(field key_server "$T/ksr")
expect 0 "object: the key server" "$SEAL" localnet object --data "$D" "$KS"
check "key server type and owner" bash -c "grep -q '::key_server::KeyServer' '$T/out' && grep -q '\"AddressOwner\": \"$ALICE\"' '$T/out'"
expect_error 2 "keyserver register: not a G2 point" "$SEAL" localnet keyserver register \
    --data "$D" --key "$AKEY" --name ks2 --url http://127.0.0.1:2 --public-key "$(printf '%0192d' 0)"
expect_error 2 "keyserver register: short key" "$SEAL" localnet keyserver register --data "$D" \
    --key "$AKEY" --name ks2 --url http://127.0.0.1:2 --public-key 0x1234

# ---- subscriptions ----
expect 0 "subscription create-service" "$SEAL" localnet subscription create-service \
    --data "$D" --key "$AKEY" --fee 10 --ttl-ms 60000 --name news && cp "$T/out" "$T/svc"
SVC=$(field service "$T/svc")
SCAP=$(field cap "$T/svc")
check "service and cap ids" bash -c "[[ $SVC =~ ^0x && $SCAP =~ ^0x ]]"
expect 0 "subscription subscribe (bob)" "$SEAL" localnet subscription subscribe --data "$D" \
    --key "$BKEY" --service "$SVC" --fee 10 && cp "$T/out" "$T/sub"
SUB=$(field subscription "$T/sub")
expect 0 "object: the subscription" "$SEAL" localnet object --data "$D" "$SUB"
check "subscription owned by bob" grep -q "\"AddressOwner\": \"$BOB\"" "$T/out"
expect_error 1 "subscribe with the wrong fee" "$SEAL" localnet subscription subscribe \
    --data "$D" --key "$BKEY" --service "$SVC" --fee 9
check "the abort is named" grep -q "subscription::subscribe with code 1" "$T/err"
expect_error 1 "subscribe to an allowlist" "$SEAL" localnet subscription subscribe --data "$D" \
    --key "$BKEY" --service "$AL" --fee 10

# ---- clock ----
expect 0 "clock advance" "$SEAL" localnet clock advance --data "$D" --ms 500
check "clock moved" grep -q '"timestamp_ms": 1000500' "$T/out"
expect 0 "object: the clock" "$SEAL" localnet object --data "$D" 0x6
check "clock version 2" grep -q '"version": "2"' "$T/out"
expect_error 2 "clock advance on a node" "$SEAL" localnet clock advance --chain http://127.0.0.1:9 --ms 1
expect_error 2 "clock advance without --ms" "$SEAL" localnet clock advance --data "$D"

# ---- object ----
expect_error 1 "object: unknown id" "$SEAL" localnet object --data "$D" 0x1234
expect_error 2 "object: not an id" "$SEAL" localnet object --data "$D" xyz
expect_error 2 "object: no id" "$SEAL" localnet object --data "$D"
expect_error 3 "object: unreachable node" "$SEAL" localnet object --chain http://127.0.0.1:9 0x6

finish
