#!/usr/bin/env bash
# The main job. Until the key server and the local chain exist, it installs what is missing,
# builds, runs the offline encrypt/decrypt story when the CLI is built, and the benchmark.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
"$root/scripts/install-deps.sh"
cmake -S "$root" -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j "$(nproc)"
if [[ -x build/release/seal && -x scripts/offline-demo.sh ]]; then
    "$root/scripts/offline-demo.sh" build/release/seal
fi
if [[ -x build/release/bench/seal-bench ]]; then
    build/release/bench/seal-bench bls
fi
