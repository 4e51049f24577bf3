#!/usr/bin/env bash
# The offline Seal story, told with the seal CLI: three key servers make their keys, a message
# is encrypted so that any two of them can release it, two servers extract user keys, the
# message is decrypted and checked, and a wrong key is refused. Exits non-zero on any deviation.
# Usage: scripts/offline-demo.sh PATH/TO/seal
set -euo pipefail
seal=${1:?usage: scripts/offline-demo.sh PATH/TO/seal}
work=$(mktemp -d "${TMPDIR:-/tmp}/seal-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
die() {
    echo "offline demo FAILED: $*" >&2
    exit 1
}
short() { # 0x1234abcd...ef01
    echo "${1:0:10}...${1: -4}"
}
hex32() {
    od -An -N32 -tx1 /dev/urandom | tr -d ' \n'
}

echo "== Seal offline demo ($("$seal" --version))"
echo
echo "1. Three key servers each generate a master key; only their public keys are published."
declare -a msk pk oid
for i in 1 2 3; do
    out=$("$seal" keygen)
    msk[$i]=$(sed -n 's/^Master key: //p' <<<"$out")
    pk[$i]=$(sed -n 's/^Public key: //p' <<<"$out")
    oid[$i]=0x$(hex32)
    [[ ${msk[$i]} =~ ^0x[0-9a-f]{64}$ && ${pk[$i]} =~ ^0x[0-9a-f]{192}$ ]] || die "keygen output: $out"
    [[ $("$seal" public-key --master-key "${msk[$i]}") == "${pk[$i]}" ]] || die "public-key disagrees with keygen"
    echo "   server $i: object $(short "${oid[$i]}")  public key $(short "${pk[$i]}")"
done

package=0x$(hex32)
id=$(printf 'demo-document-42' | od -An -tx1 | tr -d ' \n')
message="Meet at the old lighthouse at dawn. Bring the map."
printf '%s' "$message" >"$work/message.txt"
echo
echo "2. Alice encrypts a message for identity package $(short "$package") || id '$(printf '%s' "$id" | perl -ne 'print pack("H*", $_)')',"
echo "   so that any 2 of the 3 servers can release it (AES-256-GCM, with associated data):"
echo "   \"$message\""
"$seal" encrypt --package-id "$package" --id "$id" --threshold 2 \
    --server "${oid[1]}:${pk[1]}" --server "${oid[2]}:${pk[2]}" --server "${oid[3]}:${pk[3]}" \
    --aad "$(printf 'v1' | od -An -tx1 | tr -d ' \n')" --in "$work/message.txt" --out "$work/message.seal"
size=$(stat -c %s "$work/message.seal")
echo "   -> message.seal, $size bytes"
"$seal" inspect "$work/message.seal" >"$work/inspect.json"
grep -q '"threshold": 2' "$work/inspect.json" || die "inspect does not show threshold 2"
[[ $(grep -c '"object_id"' "$work/inspect.json") == 3 ]] || die "inspect does not show 3 services"
grep -q "\"package_id\": \"$package\"" "$work/inspect.json" || die "inspect shows another package id"
echo "   seal inspect: version 0, threshold 2, 3 services, ciphertext $(sed -n 's/.*"type": "\(Aes256Gcm\|Hmac256Ctr\)".*/\1/p' "$work/inspect.json")"

echo
echo "3. Bob's access is approved by servers 1 and 3, which extract his user secret keys:"
usk1=$("$seal" extract --master-key "${msk[1]}" --package-id "$package" --id "$id")
usk3=$("$seal" extract --master-key "${msk[3]}" --package-id "$package" --id "$id")
for pair in "1 $usk1" "3 $usk3"; do
    set -- $pair
    "$seal" verify-key --package-id "$package" --id "$id" --user-secret-key "$2" --public-key "${pk[$1]}" >/dev/null ||
        die "server $1's key does not verify"
    echo "   server $1: user key $(short "$2") (verifies against its public key)"
done

echo
echo "4. Bob decrypts with the two keys (and checks consistency with all three public keys):"
"$seal" decrypt --in "$work/message.seal" --out "$work/decrypted.txt" \
    --key "${oid[1]}:$usk1" --key "${oid[3]}:$usk3" \
    --public-key "${oid[1]}:${pk[1]}" --public-key "${oid[2]}:${pk[2]}" --public-key "${oid[3]}:${pk[3]}"
cmp -s "$work/message.txt" "$work/decrypted.txt" || die "the decrypted text differs"
echo "   \"$(cat "$work/decrypted.txt")\"  (identical to the original)"

echo
echo "5. Mallory tries server 2's key for another document in place of server 3's key:"
wrong=$("$seal" extract --master-key "${msk[2]}" --package-id "$package" --id "${id}00")
set +e
"$seal" decrypt --in "$work/message.seal" --out "$work/stolen.txt" \
    --key "${oid[1]}:$usk1" --key "${oid[3]}:$wrong" 2>"$work/err"
rc=$?
set -e
[[ $rc == 1 ]] || die "a wrong key was not refused with exit status 1 (got $rc)"
[[ ! -e $work/stolen.txt ]] || die "a refused decryption left an output file"
echo "   refused (exit status $rc): $(cat "$work/err")"
echo "   and with a single key:"
set +e
"$seal" decrypt --in "$work/message.seal" --out "$work/stolen.txt" --key "${oid[1]}:$usk1" 2>"$work/err"
rc=$?
set -e
[[ $rc == 1 && ! -e $work/stolen.txt ]] || die "a single key was not refused (exit $rc)"
echo "   refused (exit status $rc): $(cat "$work/err")"
echo
echo "== offline demo: all steps behaved as expected"
