#!/usr/bin/env bash
# A committee key server on one machine, on loopback only, in a temporary folder
# (spec/COMMITTEE.md, docs/committee.md "The story by hand"):
#
#   a local chain (`seal localnet serve`), a 2-of-3 committee made by a real DKG coordinated on
#   it (seal committee init / keygen / register / create-message / process / propose), the three
#   members' key servers (`seal server`, committee mode), an aggregator in front of them
#   (`seal aggregator`), an independent key server, Alice's allowlist with Bob on it, a file
#   encrypted 2-of-2 to {the committee, the independent server}, Bob decrypting it through the
#   aggregator, Carol refused, one member stopped and Bob still decrypting, then a rotation to a
#   new committee (one member leaves, one joins; same key server, same public key) and the old
#   file still decrypting through the new members.
#
# Every step prints one numbered line with ✓ or ✗ and its duration; the script stops at the
# first step that does not behave as described and exits 1; every process it started is stopped
# on exit (checked at the end).
#
# Usage: scripts/committee-demo.sh [--keep] PATH/TO/seal      (scripts/demo.sh --committee)
# Environment: SEAL_DEMO_TIMEOUT (seconds for one CLI call, default 30),
#              SEAL_DEMO_READY_TIMEOUT (seconds to wait for a `ready` line, default 15).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)

keep=0
seal=
while [[ $# -gt 0 ]]; do
    case $1 in
    --keep) keep=1 ;;
    -h | --help)
        sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    -*)
        echo "committee-demo: unknown option $1" >&2
        exit 2
        ;;
    *) seal=$1 ;;
    esac
    shift
done
[[ -n $seal && -x $seal ]] || {
    echo "usage: scripts/committee-demo.sh [--keep] PATH/TO/seal" >&2
    exit 2
}
seal=$(realpath "$seal")
for tool in curl node timeout setsid; do
    command -v "$tool" >/dev/null || {
        echo "committee-demo: '$tool' is needed (scripts/install-deps.sh installs it)" >&2
        exit 3
    }
done
cli_timeout=${SEAL_DEMO_TIMEOUT:-30}
ready_timeout=${SEAL_DEMO_READY_TIMEOUT:-15}

W=$(mktemp -d "${TMPDIR:-/tmp}/seal-committee-demo.XXXXXX")
chmod 700 "$W"
cd "$W" || exit 3
demo_name="committee demo"
# shellcheck source=scripts/demo-lib.sh
source "$here/demo-lib.sh"
# shellcheck source=scripts/committee-lib.sh
source "$here/committee-lib.sh"

echo "== A committee key server on a local chain: DKG, members, aggregator, rotation ($(timeout 10 "$seal" --version 2>/dev/null))"

# 1. the chain ------------------------------------------------------------------------------
begin "seal localnet init + serve: a new ledger served on 127.0.0.1"
cm_chain_up || fail
pass "$chain"

begin "seal localnet account new: Alice, Bob, Carol, a coordinator, members A B C D, an operator"
cm_accounts alice bob carol coord a b c d operator || fail
pass "members $(short "${addr[a]}") $(short "${addr[b]}") $(short "${addr[c]}"), D joins later"

# 2. the committee --------------------------------------------------------------------------
begin "a 2-of-3 DKG on chain: seal committee init, then A, B, C: keygen, register, create-message, process, propose"
cm_dkg coord 2 a b c || fail
pass "KeyServer $(short "$ks_c"), public key $(short "$pk"), shares 0600"

begin "seal server ×3 in committee mode (each with its own share)"
for m in a b c; do cm_member "member-$m" "$m" Active "$W/shares-$m"; done
for m in a b c; do wait_ready "member-$m" || fail; done
pass "${url[member-a]}, ${url[member-b]}, ${url[member-c]}"

begin "seal aggregator: the committee read from chain, API keys per member name"
cm_aggregator member-a member-b member-c member-a2 member-b2 member-d || fail
grep -q '"event":"committee".*"threshold":2,"members":3,"version":0' "$W/aggregator.err" ||
    fail "no committee line (2 of 3, version 0) in the aggregator's log"
pass "$agg, 2 of 3"

# 3. an independent server and the policy ---------------------------------------------------
begin "an independent key server: seal keygen, registered, running (Open mode)"
cm_independent operator || fail
pass "KeyServer $(short "$ks_i")"

begin "Alice: allowlist create + add Bob"
cm_allowlist alice bob || fail
pass "allowlist $(short "$allowlist")"

# 4. encrypt, decrypt -----------------------------------------------------------------------
message="Minutes of the board, $(date -u +%FT%TZ): the committee holds the key."
printf '%s\n' "$message" >"$W/minutes.txt"
id=${allowlist#0x}$(rand_hex 8)
begin "seal encrypt 2-of-2 to {the committee, the independent server}"
cli encrypt --chain "$chain" --key-server "$ks_c" --key-server "$ks_i" --threshold 2 \
    --package "$examples" --id "$id" --in "$W/minutes.txt" --out "$W/minutes.seal" || fail
pass "minutes.seal, $(stat -c %s "$W/minutes.seal") bytes"

approve="$examples::allowlist::seal_approve"
decrypt_as() { # decrypt_as WHO OUT
    cli decrypt --session "$W/$1.session" --chain "$chain" --approve "$approve" \
        --arg "object:$allowlist" --key-server "$ks_c@$agg" --in "$W/minutes.seal" --out "$2"
}
begin "Bob: seal session create + seal decrypt (the committee through its aggregator)"
for who in bob carol; do
    cli session create --key "@$W/$who.key" --package "$examples" --ttl-min 10 --chain "$chain" \
        --out "$W/$who.session" || fail
done
decrypt_as bob "$W/bob.txt" || fail
cmp -s "$W/minutes.txt" "$W/bob.txt" || fail "Bob's plaintext differs from the original"
pass "\"$(head -c 40 "$W/bob.txt")…\" matches"

begin "Carol (not on the allowlist): refused with the members' NoAccess"
decrypt_as carol "$W/carol.txt"
rc=$?
[[ $rc != 0 && $rc != 124 && $rc != 137 ]] || fail "Carol's decrypt did not fail (exit $rc)"
grep -q NoAccess "$W/err" || fail "the error does not name NoAccess: $(head -c 300 "$W/err")"
[[ ! -e $W/carol.txt ]] || fail "a refused decryption left an output file"
pass "exit $rc"

begin "member C stopped: Bob still decrypts (2 of 3 members)"
stop member-c || fail
[[ $STOP_STATUS == 0 ]] || fail "member C exited with status $STOP_STATUS"
rm -f "$W/bob.txt"
decrypt_as bob "$W/bob.txt" || fail
cmp -s "$W/minutes.txt" "$W/bob.txt" || fail "plaintext differs"
pass "plaintext matches"

# 5. rotation -------------------------------------------------------------------------------
begin "a rotation to {B, A, D} (C leaves, D joins), 2-of-3: init-rotation, register, B and A deal their V0 shares, process, propose-rotation"
cm_rotate a 2 b a -- d || fail
pass "same KeyServer $(short "$ks_c"), same public key, version 1"

begin "the new committee's servers start (V1 shares); the old members stop"
for m in b a d; do cm_member "${rot_name[$m]}" "$m" Active "$W/shares-$m"; done
for m in b a d; do wait_ready "${rot_name[$m]}" || fail; done
for m in a b; do stop "member-$m" || fail; done
pass "${url[member-b2]}, ${url[member-a2]}, ${url[member-d]}"

begin "the aggregator picks up version 1 at its next refresh"
cm_wait_log aggregator '"event":"committee".*"version":1' 10 || fail
pass "2 of 3, version 1"

begin "Bob decrypts the file encrypted before the rotation"
rm -f "$W/bob.txt"
decrypt_as bob "$W/bob.txt" || fail
cmp -s "$W/minutes.txt" "$W/bob.txt" || fail "plaintext differs"
pass "plaintext matches"

echo "== committee demo: all $step_no steps behaved as described in $(secs $(($(now_ms) - demo_t0)))"
