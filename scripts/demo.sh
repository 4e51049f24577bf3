#!/usr/bin/env bash
# The main job: installs what is missing, builds the library and the `seal` CLI in
# build/release, then runs the networked story on loopback (scripts/localnet-demo.sh): a local
# chain served as a Sui full node over gRPC, three key servers, an allowlist, a 2-of-3 encrypted file that
# Bob decrypts, Carol is refused, and Bob still decrypts with one server stopped.
#
# Usage: scripts/demo.sh [--committee] [--offline] [--bench] [--keep]   (from any folder)
#   --committee  also run the committee story (scripts/committee-demo.sh: a DKG on the local
#              chain, member servers, an aggregator, a file 2-of-2 to {committee, independent
#              server}, a member stopped, a rotation)
#   --offline  also run the offline story (scripts/offline-demo.sh: keys, encrypt, extract,
#              decrypt, no network)
#   --bench    end with the BLS12-381 benchmark (bench/seal-bench bls)
#   --keep     keep the story's temporary folder
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
offline=0
bench=0
committee=0
pass_on=()
for a in "$@"; do
    case $a in
    --offline) offline=1 ;;
    --committee) committee=1 ;;
    --bench) bench=1 ;;
    --keep) pass_on+=(--keep) ;;
    -h | --help)
        sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "demo.sh: unknown argument $a (see --help)" >&2
        exit 2
        ;;
    esac
done
cd "$root"
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$root/build/release" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build/release" -j "$(nproc)"
seal=$root/build/release/seal
echo
"$root/scripts/localnet-demo.sh" "${pass_on[@]}" "$seal"
if [[ $committee == 1 ]]; then
    echo
    "$root/scripts/committee-demo.sh" "${pass_on[@]}" "$seal"
fi
if [[ $offline == 1 ]]; then
    echo
    "$root/scripts/offline-demo.sh" "$seal"
fi
if [[ $bench == 1 ]]; then
    echo
    "$root/build/release/bench/seal-bench" bls
fi
