#!/usr/bin/env bash
# Compares `seal-bench bls` with blst's C library called directly (bench/anchors/blst_c.c), for
# the operations the npm binding of bench/compare-blst.sh does not expose alone: hash to G2, one
# Miller loop, one final exponentiation, one pairing, and the multiplication of an arbitrary G1
# point by a 255-bit scalar. blst is not a dependency of the project: give it a checkout of
# https://github.com/supranational/blst (built here in a temporary directory with its build.sh,
# which enables its ADX code when the CPU has it).
#
#   bench/compare-blst-c.sh BLST_SOURCE_DIR [--repeat N] [--build DIR] [--out FILE.json]
#
# Both sides use the process CPU clock; --repeat N (default 3) alternates N runs per side and
# takes the median of each figure. Prints a table of ours/blst (below 1: ours faster), then one
# JSON line. Our miller_loop and pairing take projective inputs (their conversions to affine
# included); blst's take affine points.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${SEAL_BUILD_DIR:-$root/build}
src=
out=
repeat=3
while [[ $# -gt 0 ]]; do
    case "$1" in
    --build) build=$2; shift ;;
    --repeat) repeat=$2; shift ;;
    --out) out=$2; shift ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    -*) echo "compare-blst-c: unknown option '$1'" >&2; exit 2 ;;
    *) src=$1 ;;
    esac
    shift
done
[[ -n $src && -f $src/build.sh && -f $src/bindings/blst.h ]] || {
    echo "compare-blst-c: give a blst source checkout (with build.sh and bindings/blst.h)" >&2
    exit 2
}
[[ $repeat =~ ^[1-9][0-9]*$ ]] || { echo "compare-blst-c: --repeat needs a positive integer" >&2; exit 2; }
bin=$build/bench/seal-bench
[[ -x $bin ]] || { echo "compare-blst-c: $bin not found; build first" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$src" "$tmp/blst"
(cd "$tmp/blst" && ./build.sh >/dev/null)
"${CC:-cc}" -O2 -I "$tmp/blst/bindings" "$here/anchors/blst_c.c" "$tmp/blst/libblst.a" \
    -o "$tmp/blst_c"
ops=g1_mul,sk_to_pk,hash_to_g1,hash_to_g2,g1_decompress_check,g2_decompress_check
ops=$ops,miller_loop,final_exp,pairing
for ((i = 1; i <= repeat; i++)); do
    echo "compare-blst-c: run $i/$repeat" >&2
    "$bin" bls --json --cpu-time --only "$ops" >"$tmp/ours.$i.json"
    "$tmp/blst_c" --cpu-time >"$tmp/blst.$i.json"
done
python3 - "$tmp" "$repeat" "$out" <<'EOF'
import json, statistics, sys
tmp, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ours = [json.load(open(f"{tmp}/ours.{i}.json")) for i in range(1, n + 1)]
blst = [json.load(open(f"{tmp}/blst.{i}.json")) for i in range(1, n + 1)]
notes = {
    "g1_mul": "k*P, arbitrary P in G1, secret 255-bit k (blst_p1_mult)",
    "sk_to_pk": "k*G1 + to affine (blst_sk_to_pk_in_g1 + blst_p1_to_affine)",
    "hash_to_g1": "RFC 9380 hash to G1, 40-byte id",
    "hash_to_g2": "RFC 9380 hash to G2, 32-byte message",
    "g1_decompress_check": "48-byte decode + subgroup check",
    "g2_decompress_check": "96-byte decode + subgroup check",
    "miller_loop": "one Miller loop",
    "final_exp": "one final exponentiation",
    "pairing": "Miller loop + final exponentiation",
}
rows = {}
print(f"{'operation':22s} {'ours us':>9s} {'blst us':>9s} {'ours/blst':>9s}  what")
for k, note in notes.items():
    o = statistics.median(r[k] for r in ours)
    b = statistics.median(r[k] for r in blst)
    rows[k] = {"ours_us": o, "blst_us": b, "ratio": round(o / b, 3), "note": note}
    print(f"{k:22s} {o:9.2f} {b:9.2f} {o / b:9.2f}  {note}")
res = {"runs": n, "backend": ours[0].get("backend"), "clock": "process-cpu", "ratios": rows}
print(json.dumps(res))
if out:
    with open(out, "w") as f:
        json.dump(res, f)
EOF
