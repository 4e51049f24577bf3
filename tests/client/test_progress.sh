#!/usr/bin/env bash
# The progress bar of encrypt/decrypt: shown on stderr when it is a terminal (a pseudo-terminal
# from script(1)) and the output is 4 MiB or more; never otherwise.
source "$(dirname "$0")/../cli/lib.sh" "$@"
command -v script >/dev/null || { bad "script(1) is needed (bsdutils)"; echo "$PASS passed, $FAIL failed"; exit 1; }

K=$("$SEAL" keygen --json)
MSK=$(sed -n 's/.*"master_key": *"\([^"]*\)".*/\1/p' <<<"$K")
PK=$(sed -n 's/.*"public_key": *"\([^"]*\)".*/\1/p' <<<"$K")
USK=$("$SEAL" extract --master-key "$MSK" --package-id 0x2 --id 0a)
head -c $((5 * 1024 * 1024)) /dev/urandom >"$T/big"
head -c 1000 /dev/urandom >"$T/small"

# on a terminal (stdout to a file, stderr to the pty)
script -qec "'$SEAL' encrypt --package-id 0x2 --id 0a --threshold 1 --server 0x1:$PK --in '$T/big' --out '$T/big.seal'" /dev/null >"$T/tty.txt" 2>&1
check "encrypt on a terminal: progress to 100%" grep -q '100%' "$T/tty.txt"
script -qec "'$SEAL' decrypt --key 0x1:$USK --in '$T/big.seal' --out '$T/big.out'" /dev/null >"$T/tty2.txt" 2>&1
check "decrypt on a terminal: progress to 100%" grep -q '100%' "$T/tty2.txt"
check "decrypt on a terminal: plaintext" cmp -s "$T/big" "$T/big.out"
script -qec "'$SEAL' encrypt --package-id 0x2 --id 0a --threshold 1 --server 0x1:$PK --in '$T/small' --out '$T/small.seal'" /dev/null >"$T/tty3.txt" 2>&1
check "small file: no progress" bash -c "! grep -q '%' '$T/tty3.txt'"
# not a terminal: quiet
expect 0 "encrypt, stderr not a terminal" "$SEAL" encrypt --package-id 0x2 --id 0a --threshold 1 --server "0x1:$PK" --in "$T/big" --out "$T/big2.seal"
check "quiet when stderr is not a terminal" test ! -s "$T/err"
expect 0 "decrypt, stderr not a terminal" "$SEAL" decrypt --key "0x1:$USK" --in "$T/big2.seal" --out "$T/big2.out"
check "decrypt quiet" test ! -s "$T/err"

echo "$PASS passed, $FAIL failed"
[[ $FAIL == 0 ]]
