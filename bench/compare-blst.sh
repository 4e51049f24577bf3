#!/usr/bin/env bash
# Runs seal-bench bls and the blst anchor (@chainsafe/blst 2.2.0, native) in one go and prints
# the ratios ours/blst for the operations both expose (below 1: ours faster).
#
#   bench/compare-blst.sh [--quick] [--cpu-time] [--repeat N] [--build DIR] [--out FILE.json]
#
# --repeat N runs both sides N times, alternating, and takes the median of each figure over the
# runs (useful on a shared machine).
#
# --cpu-time times both sides with the process CPU clock (steadier on a busy machine).
# The build directory defaults to $SEAL_BUILD_DIR or ./build (it must contain bench/seal-bench).
# bench/anchors/node_modules is installed with `npm ci` on first use (needs Node >= 20 and the
# npm registry).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${SEAL_BUILD_DIR:-$root/build}
opts=()
out=
repeat=1
while [[ $# -gt 0 ]]; do
    case "$1" in
    --quick) opts+=(--quick) ;;
    --cpu-time) opts+=(--cpu-time) ;;
    --build) build=$2; shift ;;
    --repeat) repeat=$2; shift ;;
    --out) out=$2; shift ;;
    -h | --help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "compare-blst: unknown option '$1'" >&2; exit 2 ;;
    esac
    shift
done
bin=$build/bench/seal-bench
if [[ ! -x $bin ]]; then
    echo "compare-blst: $bin not found; build first (cmake -S . -B build -G Ninja && cmake --build build)" >&2
    exit 1
fi
command -v node >/dev/null || { echo "compare-blst: node not found" >&2; exit 1; }
if [[ ! -d $here/anchors/node_modules/@chainsafe/blst ]]; then
    echo "compare-blst: installing the anchors (npm ci in bench/anchors)" >&2
    (cd "$here/anchors" && npm ci --no-audit --no-fund >&2)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[[ $repeat =~ ^[1-9][0-9]*$ ]] || { echo "compare-blst: --repeat needs a positive integer" >&2; exit 2; }
ours=()
theirs=()
for ((i = 1; i <= repeat; i++)); do
    echo "compare-blst: run $i/$repeat: seal-bench bls ${opts[*]:-}" >&2
    "$bin" bls --json "${opts[@]}" >"$tmp/ours.$i.json"
    echo "compare-blst: run $i/$repeat: blst anchor ${opts[*]:-}" >&2
    node "$here/anchors/blst.mjs" --json "${opts[@]}" >"$tmp/blst.$i.json"
    ours+=("$tmp/ours.$i.json")
    theirs+=("$tmp/blst.$i.json")
done
node "$here/anchors/compare_blst.mjs" "${ours[@]}" -- "${theirs[@]}" | tee "$tmp/report.txt"
if [[ -n $out ]]; then
    tail -n 1 "$tmp/report.txt" >"$out"
fi
