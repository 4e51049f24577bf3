#!/usr/bin/env bash
# Runs seal-bench bls and the blst anchor (@chainsafe/blst 2.2.0, native) in one go and prints
# the ratios ours/blst for the operations both expose (below 1: ours faster).
#
#   bench/compare-blst.sh [--quick] [--build DIR] [--out FILE.json]
#
# The build directory defaults to $SEAL_BUILD_DIR or ./build (it must contain bench/seal-bench).
# bench/anchors/node_modules is installed with `npm ci` on first use (needs Node >= 20 and the
# npm registry).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${SEAL_BUILD_DIR:-$root/build}
quick=()
out=
while [[ $# -gt 0 ]]; do
    case "$1" in
    --quick) quick=(--quick) ;;
    --build) build=$2; shift ;;
    --out) out=$2; shift ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
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
echo "compare-blst: running seal-bench bls ${quick[*]:-}" >&2
"$bin" bls --json "${quick[@]}" >"$tmp/ours.json"
echo "compare-blst: running the blst anchor ${quick[*]:-}" >&2
node "$here/anchors/blst.mjs" --json "${quick[@]}" >"$tmp/blst.json"
node "$here/anchors/compare_blst.mjs" "$tmp/ours.json" "$tmp/blst.json" | tee "$tmp/report.txt"
if [[ -n $out ]]; then
    tail -n 1 "$tmp/report.txt" >"$out"
fi
