#!/usr/bin/env bash
# Usage errors of every subcommand: exit status 2, one line on stderr naming the problem (and
# never echoing a secret), nothing on stdout; --help and --version everywhere.
source "$(dirname "$0")/lib.sh" "$@"

PKG=0x$(rand_hex 32)
OBJ1=0x$(rand_hex 32)
OBJ2=0x$(rand_hex 32)
ID=$(rand_hex 7)
"$SEAL" keygen --json >"$T/k1" && "$SEAL" keygen --json >"$T/k2" || bad "keygen failed"
MSK=$(sed 's/.*"master_key": "\([^"]*\)".*/\1/' "$T/k1")
PK1=$(sed 's/.*"public_key": "\([^"]*\)".*/\1/' "$T/k1")
PK2=$(sed 's/.*"public_key": "\([^"]*\)".*/\1/' "$T/k2")
USK=$("$SEAL" extract --master-key "$MSK" --package-id "$PKG" --id "$ID")
echo hello >"$T/pt"

# ---- the top level ----
expect_error 2 "no command" "$SEAL"
expect_error 2 "unknown command" "$SEAL" frobnicate
expect_error 2 "help for an unknown command" "$SEAL" help frobnicate
expect_error 2 "help with two commands" "$SEAL" help encrypt decrypt
expect 0 "seal --help" "$SEAL" --help && check "seal --help lists commands" grep -q "encrypt" "$T/out"
expect 0 "seal --version" "$SEAL" --version && check "--version prints 'seal X.Y.Z'" grep -Eq '^seal [0-9]+\.[0-9]+\.[0-9]+$' "$T/out"
for cmd in keygen public-key derive-key extract verify-key encrypt decrypt inspect; do
    expect 0 "$cmd --help" "$SEAL" "$cmd" --help &&
        check "$cmd --help shows its usage on stdout only" \
            bash -c "grep -q '^usage: seal $cmd' '$T/out' && [[ ! -s '$T/err' ]]"
    expect 0 "seal help $cmd" "$SEAL" help "$cmd"
    expect_error 2 "$cmd: unknown option" "$SEAL" "$cmd" --bogus
    expect_error 2 "$cmd: stray single-dash option" "$SEAL" "$cmd" -x
done

# ---- keygen ----
expect_error 2 "keygen: a switch given a value" "$SEAL" keygen --json=yes
expect_error 2 "keygen: positional argument" "$SEAL" keygen extra
expect_error 2 "keygen: duplicate --json" "$SEAL" keygen --json --json
expect_error 2 "keygen: empty --out" "$SEAL" keygen --out ''

# ---- public-key ----
expect_error 2 "public-key: missing --master-key" "$SEAL" public-key
expect_error 2 "public-key: --master-key without a value" "$SEAL" public-key --master-key
expect_error 2 "public-key: duplicate --master-key" "$SEAL" public-key --master-key "$MSK" --master-key "$MSK"
SECRET_BAD=${MSK:0:60}zz
expect_error 2 "public-key: bad hex in --master-key" "$SEAL" public-key --master-key "$SECRET_BAD"
check "public-key: the bad secret is not echoed" bash -c "! grep -q '${MSK:2:20}' '$T/err'"
expect_error 2 "public-key: 31-byte --master-key" "$SEAL" public-key --master-key "${MSK:0:64}"
check "public-key: the short secret is not echoed" bash -c "! grep -q '${MSK:2:20}' '$T/err'"
expect_error 2 "public-key: odd number of digits" "$SEAL" public-key --master-key "${MSK}0"
expect_error 2 "public-key: master key >= r" "$SEAL" public-key --master-key "$(printf 'ff%.0s' {1..32})"
expect_error 2 "public-key: master key 0" "$SEAL" public-key --master-key "$(printf '00%.0s' {1..32})"
expect 0 "public-key: --master-key=VALUE form and no 0x" "$SEAL" public-key "--master-key=${MSK#0x}"
check "public-key: same key as keygen" grep -qx "$PK1" "$T/out"

# ---- derive-key ----
SEED=$(rand_hex 32)
expect_error 2 "derive-key: missing --index" "$SEAL" derive-key --seed "$SEED"
expect_error 2 "derive-key: missing --seed" "$SEAL" derive-key --index 1
expect_error 2 "derive-key: negative index" "$SEAL" derive-key --seed "$SEED" --index -1
expect_error 2 "derive-key: index 2^64" "$SEAL" derive-key --seed "$SEED" --index 18446744073709551616
expect_error 2 "derive-key: index with a leading zero" "$SEAL" derive-key --seed "$SEED" --index 07
expect_error 2 "derive-key: index not a number" "$SEAL" derive-key --seed "$SEED" --index 1e3
expect_error 2 "derive-key: 33-byte seed" "$SEAL" derive-key --seed "${SEED}00" --index 1
check "derive-key: the seed is not echoed" bash -c "! grep -q '${SEED:0:20}' '$T/err'"

# ---- extract ----
expect_error 2 "extract: missing --package-id" "$SEAL" extract --master-key "$MSK" --id "$ID"
expect_error 2 "extract: missing --id" "$SEAL" extract --master-key "$MSK" --package-id "$PKG"
expect_error 2 "extract: package id of 65 digits" "$SEAL" extract --master-key "$MSK" --package-id "${PKG}1" --id "$ID"
check "extract: the bad package id is quoted" grep -q "${PKG:0:20}" "$T/err"
expect_error 2 "extract: package id not hex" "$SEAL" extract --master-key "$MSK" --package-id 0xnothex --id "$ID"
expect_error 2 "extract: empty package id" "$SEAL" extract --master-key "$MSK" --package-id 0x --id "$ID"
expect_error 2 "extract: id with an odd number of digits" "$SEAL" extract --master-key "$MSK" --package-id "$PKG" --id abc
expect_error 2 "extract: id not hex" "$SEAL" extract --master-key "$MSK" --package-id "$PKG" --id 0xgg
expect_error 2 "extract: duplicate --id" "$SEAL" extract --master-key "$MSK" --package-id "$PKG" --id 00 --id 01

# ---- verify-key ----
expect_error 2 "verify-key: missing --public-key" "$SEAL" verify-key --package-id "$PKG" --id "$ID" --user-secret-key "$USK"
expect_error 2 "verify-key: 95-byte public key" "$SEAL" verify-key --package-id "$PKG" --id "$ID" --user-secret-key "$USK" --public-key "${PK1:0:192}"
expect_error 2 "verify-key: 47-byte user key" "$SEAL" verify-key --package-id "$PKG" --id "$ID" --user-secret-key "${USK:0:96}" --public-key "$PK1"
check "verify-key: the user key is not echoed" bash -c "! grep -q '${USK:2:20}' '$T/err'"

# ---- encrypt ----
ENC=("$SEAL" encrypt --package-id "$PKG" --id "$ID" --in "$T/pt" --out "$T/obj")
expect_error 2 "encrypt: missing --server" "${ENC[@]}" --threshold 1
expect_error 2 "encrypt: missing --threshold" "${ENC[@]}" --server "$OBJ1:$PK1"
expect_error 2 "encrypt: threshold 0" "${ENC[@]}" --threshold 0 --server "$OBJ1:$PK1"
expect_error 2 "encrypt: threshold 256" "${ENC[@]}" --threshold 256 --server "$OBJ1:$PK1"
expect_error 2 "encrypt: threshold > shares" "${ENC[@]}" --threshold 3 --server "$OBJ1:$PK1" --server "$OBJ2:$PK2"
expect_error 2 "encrypt: threshold > total weight" "${ENC[@]}" --threshold 5 --server "$OBJ1:$PK1:2" --server "$OBJ2:$PK2:2"
expect_error 2 "encrypt: negative threshold" "${ENC[@]}" --threshold -1 --server "$OBJ1:$PK1"
expect_error 2 "encrypt: unknown DEM" "${ENC[@]}" --threshold 1 --server "$OBJ1:$PK1" --dem aes-128-cbc
expect_error 2 "encrypt: duplicate --dem" "${ENC[@]}" --threshold 1 --server "$OBJ1:$PK1" --dem aes-256-gcm --dem hmac-256-ctr
expect_error 2 "encrypt: duplicate --threshold" "${ENC[@]}" --threshold 1 --threshold 1 --server "$OBJ1:$PK1"
expect_error 2 "encrypt: server without a public key" "${ENC[@]}" --threshold 1 --server "$OBJ1"
expect_error 2 "encrypt: server with 4 fields" "${ENC[@]}" --threshold 1 --server "$OBJ1:$PK1:1:1"
expect_error 2 "encrypt: server public key not hex" "${ENC[@]}" --threshold 1 --server "$OBJ1:${PK1:0:190}zz"
expect_error 2 "encrypt: server public key of 48 bytes" "${ENC[@]}" --threshold 1 --server "$OBJ1:${USK}"
expect_error 2 "encrypt: server public key not a G2 point" "${ENC[@]}" --threshold 1 --server "$OBJ1:$(printf '11%.0s' {1..96})"
expect_error 2 "encrypt: server weight 0" "${ENC[@]}" --threshold 1 --server "$OBJ1:$PK1:0"
expect_error 2 "encrypt: server weight 256" "${ENC[@]}" --threshold 1 --server "$OBJ1:$PK1:256"
expect_error 2 "encrypt: total weight over 255" "${ENC[@]}" --threshold 1 --server "$OBJ1:$PK1:200" --server "$OBJ2:$PK2:56"
expect_error 2 "encrypt: the same server twice" "${ENC[@]}" --threshold 1 --server "$OBJ1:$PK1" --server "$OBJ1:$PK2"
expect_error 2 "encrypt: bad object id" "${ENC[@]}" --threshold 1 --server "0xzz:$PK1"
expect_error 2 "encrypt: AAD with an odd number of digits" "${ENC[@]}" --threshold 1 --server "$OBJ1:$PK1" --aad 123
expect_error 2 "encrypt: --symmetric-key-out -" "${ENC[@]}" --threshold 1 --server "$OBJ1:$PK1" --symmetric-key-out -
check "encrypt: no output file after usage errors" test ! -e "$T/obj"
expect_error 3 "encrypt: missing input file" "$SEAL" encrypt --package-id "$PKG" --id "$ID" --threshold 1 --server "$OBJ1:$PK1" --in "$T/nope" --out "$T/obj"
expect_error 3 "encrypt: output directory does not exist" "$SEAL" encrypt --package-id "$PKG" --id "$ID" --threshold 1 --server "$OBJ1:$PK1" --in "$T/pt" --out "$T/nodir/obj"
expect_error 3 "encrypt: output is a directory" "$SEAL" encrypt --package-id "$PKG" --id "$ID" --threshold 1 --server "$OBJ1:$PK1" --in "$T/pt" --out "$T"
check "encrypt: still no output file" test ! -e "$T/obj"

# ---- decrypt ----
"$SEAL" encrypt --package-id "$PKG" --id "$ID" --threshold 1 --server "$OBJ1:$PK1" --in "$T/pt" --out "$T/obj" || bad "encrypt failed"
DEC=("$SEAL" decrypt --in "$T/obj" --out "$T/dec")
expect_error 2 "decrypt: missing --key" "${DEC[@]}"
expect_error 2 "decrypt: key without an object id" "${DEC[@]}" --key "$USK"
check "decrypt: the key is not echoed" bash -c "! grep -q '${USK:2:20}' '$T/err'"
expect_error 2 "decrypt: key not hex" "${DEC[@]}" --key "$OBJ1:${USK:0:94}zz"
check "decrypt: the bad key is not echoed" bash -c "! grep -q '${USK:2:20}' '$T/err'"
expect_error 2 "decrypt: key of 32 bytes" "${DEC[@]}" --key "$OBJ1:${MSK}"
expect_error 2 "decrypt: two keys for one server" "${DEC[@]}" --key "$OBJ1:$USK" --key "$OBJ1:$USK"
expect_error 2 "decrypt: public key of 48 bytes" "${DEC[@]}" --key "$OBJ1:$USK" --public-key "$OBJ1:$USK"
expect_error 2 "decrypt: two public keys for one server" "${DEC[@]}" --key "$OBJ1:$USK" --public-key "$OBJ1:$PK1" --public-key "$OBJ1:$PK1"
expect_error 2 "decrypt: public keys missing for a service" "$SEAL" decrypt --in "$T/obj" --out "$T/dec" --key "$OBJ1:$USK" --public-key "$OBJ2:$PK2"
expect_error 2 "decrypt: positional argument" "${DEC[@]}" --key "$OBJ1:$USK" extra
check "decrypt: no output file after usage errors" test ! -e "$T/dec"
expect_error 3 "decrypt: missing input file" "$SEAL" decrypt --in "$T/nope" --out "$T/dec" --key "$OBJ1:$USK"
check "decrypt: still no output file" test ! -e "$T/dec"

# ---- inspect ----
expect_error 2 "inspect: two files" "$SEAL" inspect "$T/obj" "$T/obj"
expect_error 3 "inspect: missing file" "$SEAL" inspect "$T/nope"
expect_error 3 "inspect: a directory" "$SEAL" inspect "$T"

# Arguments, option values and files quoted back in errors carry no control characters (the
# message is one line whatever they hold: expect_error checks every byte).
expect_error 2 "control characters in a command name" "$SEAL" $'fro\e[2J\nbnicate\u2028'
expect_error 2 "control characters in an option name" "$SEAL" encrypt $'--bo\e]0;t\agus'
expect_error 2 "control characters in an option value" "$SEAL" encrypt --threshold $'2\r\n\e[31m'
expect_error 3 "control characters in a file name" "$SEAL" inspect "$T/$(printf 'no\033[2Jpe\302\205')"
printf 'network: !Devnet\n  seal_package: 0x5ea1\nserver_mode: !Open\n  key_server_object_id: "0x1\\e[2J\\N\\L"\n' >"$T/ctl.yaml"
expect_error 2 "control characters in a configuration value" "$SEAL" server --config "$T/ctl.yaml" --check-config

finish
