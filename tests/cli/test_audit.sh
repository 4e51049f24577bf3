#!/usr/bin/env bash
# seal audit without a server: --help of the dispatcher and of every subcommand (exit 0, usage on
# stdout; the subcommand list is "  NAME   summary" lines under a line ending with ':'), usage
# errors (exit 2, one line), unreadable or malformed inputs (exit 3, one line, quoted safely),
# and the audit key written by seal keygen --audit.
source "$(dirname "$0")/lib.sh" "$@"

expect 0 "seal audit --help" "$SEAL" audit --help
SUBS=$(awk '/:$/ { on = 1; next } on && /^  [a-z]/ { print $1; next } on { on = 0 }' "$T/out")
check "audit --help lists the 8 subcommands" test "$(echo "$SUBS" | wc -w)" = 8
for s in verify-receipt prove head monitor export verify create-log anchor; do
    check "audit --help lists $s with a summary" grep -Eq "^  $s +[a-z]" "$T/out"
done
expect 0 "seal help audit" "$SEAL" help audit
expect_error 2 "audit: no subcommand" "$SEAL" audit
expect_error 2 "audit: unknown subcommand" "$SEAL" audit frobnicate
for s in $SUBS; do
    expect 0 "audit $s --help" "$SEAL" audit "$s" --help &&
        check "audit $s --help: usage on stdout only" \
            bash -c "grep -q '^usage: seal audit $s' '$T/out' && [[ ! -s '$T/err' ]]"
    expect 0 "audit $s -h" "$SEAL" audit "$s" -h
    expect_error 2 "audit $s: unknown option" "$SEAL" audit "$s" --bogus
done

# ---- usage errors ----
expect_error 2 "verify-receipt: missing --receipts" "$SEAL" audit verify-receipt
expect_error 2 "verify-receipt: short --public-key" "$SEAL" audit verify-receipt --receipts x --public-key 0x00
expect_error 2 "prove: missing --receipts" "$SEAL" audit prove
expect_error 2 "head: missing --server" "$SEAL" audit head
expect_error 2 "monitor: --count 0" "$SEAL" audit monitor --server http://127.0.0.1:1 --count 0
expect_error 2 "export: missing --database" "$SEAL" audit export
expect_error 2 "verify: missing --database" "$SEAL" audit verify
expect_error 2 "create-log: missing --public-key" "$SEAL" audit create-log --chain "embedded:$T/c" --key x
expect_error 2 "anchor: missing --object" "$SEAL" audit anchor --chain "embedded:$T/c" --key x

# ---- inputs that cannot be used ----
expect_error 3 "verify-receipt: missing file" "$SEAL" audit verify-receipt --receipts "$T/nope"
printf 'not json \033[2J\n' >"$T/garbage"
expect_error 3 "verify-receipt: not JSON (control characters not echoed)" \
    "$SEAL" audit verify-receipt --receipts "$T/garbage"
echo '{"other": []}' >"$T/other.json"
expect_error 3 "verify-receipt: JSON without receipts" "$SEAL" audit verify-receipt --receipts "$T/other.json"
echo '{"receipts": [{"url": 5}]}' >"$T/bad.json"
run "$SEAL" audit verify-receipt --receipts "$T/bad.json"
check "verify-receipt: a malformed entry is not accepted (exit $RC)" test "$RC" -ne 0
expect_error 3 "verify: no such database" "$SEAL" audit verify --database "$T/nope.db"
expect_error 3 "verify: a file that is not a database" "$SEAL" audit verify --database "$T/garbage"
expect_error 3 "export: a file that is not a database" "$SEAL" audit export --database "$T/garbage"
expect_error 3 "head: nothing listening" "$SEAL" audit head --server http://127.0.0.1:1 --timeout-ms 2000
echo '{"public_key": "zz"}' >"$T/state.json"
expect_error 3 "monitor: a damaged state file" \
    "$SEAL" audit monitor --server http://127.0.0.1:1 --state "$T/state.json" --count 1

# ---- the audit key ----
expect 0 "keygen --audit --json --out" "$SEAL" keygen --audit --json --out "$T/audit.key"
check "the audit key file is 0600" test "$(stat -c %a "$T/audit.key")" = 600
check "the audit key file holds a key, its public key and the log id" \
    grep -Eq '"audit_key": "0x[0-9a-f]{64}", "public_key": "0x[0-9a-f]{64}", "log_id": "0x[0-9a-f]{64}"' "$T/audit.key"

finish
