#!/usr/bin/env bash
# Runs seal-bench seal and the official Seal TS SDK (@mysten/seal 1.4.12, bench/anchors/sdk.mjs)
# in one go and prints the speed-ups (SDK time / our time; above 1: ours faster), then compares
# our AES-256-GCM DEM at 16 KiB with `openssl speed -evp aes-256-gcm -bytes 16384` (target: at
# least 80 % of it).
#
#   bench/compare-sdk.sh [--quick] [--cpu-time] [--build DIR] [--out FILE.json]
#
# --cpu-time times both sides with the process CPU clock (steadier on a busy machine).
# The build directory defaults to $SEAL_BUILD_DIR or ./build (it must contain bench/seal-bench).
# bench/anchors/node_modules is installed with `npm ci` on first use. A full run takes 1-2
# minutes (the SDK's 64 MiB rows dominate); --quick about 30 s.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${SEAL_BUILD_DIR:-$root/build}
opts=()
out=
while [[ $# -gt 0 ]]; do
    case "$1" in
    --quick) opts+=(--quick) ;;
    --cpu-time) opts+=(--cpu-time) ;;
    --build) build=$2; shift ;;
    --out) out=$2; shift ;;
    -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "compare-sdk: unknown option '$1'" >&2; exit 2 ;;
    esac
    shift
done
bin=$build/bench/seal-bench
if [[ ! -x $bin ]]; then
    echo "compare-sdk: $bin not found; build first (cmake -S . -B build -G Ninja && cmake --build build)" >&2
    exit 1
fi
command -v node >/dev/null || { echo "compare-sdk: node not found" >&2; exit 1; }
if [[ ! -d $here/anchors/node_modules/@mysten/seal ]]; then
    echo "compare-sdk: installing the anchors (npm ci in bench/anchors)" >&2
    (cd "$here/anchors" && npm ci --no-audit --no-fund >&2)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "compare-sdk: running seal-bench seal ${opts[*]:-}" >&2
"$bin" seal --json "${opts[@]}" >"$tmp/ours.json"
echo "compare-sdk: running the SDK anchor ${opts[*]:-}" >&2
node "$here/anchors/sdk.mjs" --json "${opts[@]}" >"$tmp/sdk.json"
ossl=()
if command -v openssl >/dev/null; then
    secs=3
    [[ " ${opts[*]:-} " == *" --quick "* ]] && secs=1
    # openssl speed divides by user CPU time unless -elapsed: match the clock of our side.
    elapsed=(-elapsed)
    [[ " ${opts[*]:-} " == *" --cpu-time "* ]] && elapsed=()
    echo "compare-sdk: running openssl speed ${elapsed[*]:-} -evp aes-256-gcm -bytes 16384 -seconds $secs" >&2
    # Machine-readable output: "+F:<n>:AES-256-GCM:<bytes per second>".
    bps=$(openssl speed "${elapsed[@]}" -mr -seconds "$secs" -bytes 16384 -evp aes-256-gcm 2>/dev/null |
        awk -F: '/^\+F:/ { print $4 }' | tail -n 1)
    if [[ -n $bps ]]; then
        ossl=("$(awk -v b="$bps" 'BEGIN { printf "%.1f", b / 1e6 }')")
    fi
fi
node "$here/anchors/compare_sdk.mjs" "$tmp/ours.json" "$tmp/sdk.json" "${ossl[@]}" | tee "$tmp/report.txt"
if [[ -n $out ]]; then
    tail -n 1 "$tmp/report.txt" >"$out"
fi
