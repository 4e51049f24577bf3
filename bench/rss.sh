#!/usr/bin/env bash
# Peak resident set size and wall time of `seal encrypt` and `seal decrypt` on a large file
# (default 1 GiB, AES-256-GCM, 3 key servers, threshold 2), through the CLI's streaming path.
# Checks that the round trip gives back the same bytes.
#
#   bench/rss.sh [--size-mib N] [--dem aes-256-gcm|hmac-256-ctr] [--build DIR] [--seal PATH] [--json]
#
# Needs /usr/bin/time (GNU time, for %M = maximum resident set size) and about 3 x N MiB of free
# space in ${TMPDIR:-/tmp}.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${SEAL_BUILD_DIR:-$root/build}
seal=
mib=1024
dem=aes-256-gcm
json=0
while [[ $# -gt 0 ]]; do
    case "$1" in
    --size-mib) mib=$2; shift ;;
    --dem) dem=$2; shift ;;
    --build) build=$2; shift ;;
    --seal) seal=$2; shift ;;
    --json) json=1 ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "rss: unknown option '$1'" >&2; exit 2 ;;
    esac
    shift
done
[[ $mib =~ ^[1-9][0-9]*$ ]] || { echo "rss: --size-mib needs a positive integer" >&2; exit 2; }
seal=${seal:-$build/seal}
[[ -x $seal ]] || { echo "rss: $seal not found; build the CLI first" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "rss: /usr/bin/time (GNU time) is required" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/seal-rss.XXXXXX")
trap 'rm -rf "$work"' EXIT
log() { echo "rss: $*" >&2; }
hex32() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }

# Three key servers; user keys of the first two.
declare -a oid pk usk
servers=()
package=0x$(hex32)
id=$(hex32)
for i in 0 1 2; do
    out=$("$seal" keygen)
    msk=$(sed -n 's/^Master key: //p' <<<"$out")
    pk[$i]=$(sed -n 's/^Public key: //p' <<<"$out")
    [[ -n $msk && -n ${pk[$i]} ]] || { echo "rss: unexpected 'seal keygen' output" >&2; exit 1; }
    oid[$i]=0x$(hex32)
    servers+=(--server "${oid[$i]}:${pk[$i]}")
    usk[$i]=$("$seal" extract --master-key "$msk" --package-id "$package" --id "$id")
done
unset msk

log "writing a $mib MiB plaintext of random bytes to $work"
dd if=/dev/urandom of="$work/pt" bs=1M count="$mib" status=none

# run NAME CMD...: times CMD; sets RSS_KIB and WALL_S.
run() {
    local name=$1
    shift
    if ! /usr/bin/time -f '%M %e' -o "$work/time.$name" "$@" 2>"$work/err.$name"; then
        echo "rss: $name failed:" >&2
        cat "$work/err.$name" >&2
        exit 1
    fi
    read -r RSS_KIB WALL_S <"$work/time.$name"
}

log "seal encrypt ($dem, 2-of-3)"
run encrypt "$seal" encrypt --package-id "$package" --id "$id" --threshold 2 --dem "$dem" \
    "${servers[@]}" --in "$work/pt" --out "$work/obj"
enc_rss=$RSS_KIB enc_s=$WALL_S
log "seal decrypt (2 keys)"
run decrypt "$seal" decrypt --in "$work/obj" --out "$work/dec" \
    --key "${oid[0]}:${usk[0]}" --key "${oid[1]}:${usk[1]}"
dec_rss=$RSS_KIB dec_s=$WALL_S
cmp -s "$work/pt" "$work/dec" || { echo "rss: the decrypted file differs from the plaintext" >&2; exit 1; }

mbs() { awk -v m="$mib" -v s="$1" 'BEGIN { if (s > 0) printf "%.1f", m * 1048576 / s / 1e6; else print "null" }'; }
mib_of() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
if [[ $json == 1 ]]; then
    printf '{"bench": "rss", "size_mib": %s, "dem": "%s", "encrypt_peak_rss_mib": %s, "encrypt_s": %s, "encrypt_mb_s": %s, "decrypt_peak_rss_mib": %s, "decrypt_s": %s, "decrypt_mb_s": %s}\n' \
        "$mib" "$dem" "$(mib_of "$enc_rss")" "$enc_s" "$(mbs "$enc_s")" "$(mib_of "$dec_rss")" "$dec_s" "$(mbs "$dec_s")"
else
    echo "seal CLI on a $mib MiB file ($dem, 3 servers, threshold 2); round trip verified"
    printf '%-8s  peak RSS %8s MiB  wall %7s s  (%s MB/s)\n' encrypt "$(mib_of "$enc_rss")" "$enc_s" "$(mbs "$enc_s")"
    printf '%-8s  peak RSS %8s MiB  wall %7s s  (%s MB/s)\n' decrypt "$(mib_of "$dec_rss")" "$dec_s" "$(mbs "$dec_s")"
fi
